//! Character folding for label matching and value lexing: full-width ASCII, the ideographic
//! space, Kangxi and supplementary radicals, and the traditional characters that occur in the
//! template's labels. Done by hand, char by char: NFKC would also fold `①5件` into `15件`.

/// Fold one character to the form labels and numbers are matched in.
///
/// Called for every character of every text, so most characters are settled without a
/// search: everything below the radicals (ASCII, Latin, punctuation) is itself, and an
/// ideograph is looked up only when a 1024-bit filter of the traditional table admits it.
#[inline]
pub fn fold_char(c: char) -> char {
    if c < '\u{2E80}' {
        return c;
    }
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{2E80}'..='\u{2FDF}' => RADICALS
            .binary_search_by(|&(k, _)| k.cmp(&c))
            .map(|i| RADICALS[i].1)
            .unwrap_or(c),
        _ if !may_be_traditional(c) => c,
        _ => TRADITIONAL
            .binary_search_by(|&(k, _)| k.cmp(&c))
            .map(|i| TRADITIONAL[i].1)
            .unwrap_or(c),
    }
}

/// A digit's value, ASCII or full-width (`３`): cells typed in full-width digits are cut and
/// counted like ASCII ones.
#[inline]
pub fn digit_value(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => u8::try_from(c as u32 - '０' as u32).ok(),
        _ => None,
    }
}

/// Whether `c` is a digit, ASCII or full-width ([`digit_value`]).
#[inline]
pub fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// Bit `c % 1024` set for every character of [`TRADITIONAL`].
const TRADITIONAL_FILTER: [u64; 16] = {
    let mut bits = [0u64; 16];
    let mut i = 0;
    while i < TRADITIONAL.len() {
        let k = TRADITIONAL[i].0 as u32 % 1024;
        bits[(k / 64) as usize] |= 1 << (k % 64);
        i += 1;
    }
    bits
};

/// False only for characters certainly not in [`TRADITIONAL`].
#[inline]
fn may_be_traditional(c: char) -> bool {
    let k = c as u32 % 1024;
    TRADITIONAL_FILTER[(k / 64) as usize] & (1 << (k % 64)) != 0
}

/// Fold a string (see [`fold_char`]).
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// [`fold`] without white space, borrowed when that is the text itself (most cell texts: a
/// placeholder, a number with its unit), so reading a cell allocates nothing.
pub fn fold_compact(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().all(|c| !c.is_whitespace() && fold_char(c) == c) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().map(fold_char).filter(|c| !c.is_whitespace()));
    std::borrow::Cow::Owned(out)
}

/// The key a label is matched by: folded, white space removed, brackets and list punctuation
/// unified (`(一)` and `（一）`, `1.` `1．` `1、`).
pub fn label_key(s: &str) -> String {
    label_key_cow(s).into_owned()
}

/// [`label_key`], borrowed when the text is its own key (most labels: simplified characters,
/// full-width brackets, no spaces), so a token's key costs no allocation.
pub fn label_key_cow(s: &str) -> std::borrow::Cow<'_, str> {
    // The text up to its first character that is not its own key is the key's start as it is.
    let Some((at, _)) = s.char_indices().find(|&(_, c)| key_char(c) != Some(c)) else {
        return std::borrow::Cow::Borrowed(s);
    };
    let mut key = String::with_capacity(s.len());
    key.push_str(&s[..at]);
    key.extend(s[at..].chars().filter_map(key_char));
    std::borrow::Cow::Owned(key)
}

/// What one character is in a label key: folded, white space and markup dropped, brackets
/// and list punctuation in one form (full-width brackets, `.` for `、`).
fn key_char(c: char) -> Option<char> {
    match fold_char(c) {
        // Most characters: an ideograph is its own key, no white-space table look-up.
        c if is_han(c) => Some(c),
        c if c.is_whitespace() => None,
        '(' => Some('（'),
        ')' => Some('）'),
        '、' => Some('.'),
        ':' => Some('：'),
        ',' => Some('，'),
        '|' | '*' | '#' => None,
        c => Some(c),
    }
}

/// Whether a character is a CJK ideograph (after folding).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Whether a character is a Chinese numeral from 一 to 十, as sections and rows are numbered.
pub fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// Kangxi radicals and CJK radicals supplement, to the unified ideograph they stand for.
/// Sorted by the first character (binary search).
static RADICALS: &[(char, char)] = &[
    ('⺟', '母'),
    ('⻳', '龟'),
    ('⼀', '一'),
    ('⼁', '丨'),
    ('⼂', '丶'),
    ('⼃', '丿'),
    ('⼄', '乙'),
    ('⼅', '亅'),
    ('⼆', '二'),
    ('⼇', '亠'),
    ('⼈', '人'),
    ('⼉', '儿'),
    ('⼊', '入'),
    ('⼋', '八'),
    ('⼌', '冂'),
    ('⼍', '冖'),
    ('⼎', '冫'),
    ('⼏', '几'),
    ('⼐', '凵'),
    ('⼑', '刀'),
    ('⼒', '力'),
    ('⼓', '勹'),
    ('⼔', '匕'),
    ('⼕', '匚'),
    ('⼖', '匸'),
    ('⼗', '十'),
    ('⼘', '卜'),
    ('⼙', '卩'),
    ('⼚', '厂'),
    ('⼛', '厶'),
    ('⼜', '又'),
    ('⼝', '口'),
    ('⼞', '囗'),
    ('⼟', '土'),
    ('⼠', '士'),
    ('⼡', '夂'),
    ('⼢', '夊'),
    ('⼣', '夕'),
    ('⼤', '大'),
    ('⼥', '女'),
    ('⼦', '子'),
    ('⼧', '宀'),
    ('⼨', '寸'),
    ('⼩', '小'),
    ('⼪', '尢'),
    ('⼫', '尸'),
    ('⼬', '屮'),
    ('⼭', '山'),
    ('⼮', '巛'),
    ('⼯', '工'),
    ('⼰', '己'),
    ('⼱', '巾'),
    ('⼲', '干'),
    ('⼳', '幺'),
    ('⼴', '广'),
    ('⼵', '廴'),
    ('⼶', '廾'),
    ('⼷', '弋'),
    ('⼸', '弓'),
    ('⼹', '彐'),
    ('⼺', '彡'),
    ('⼻', '彳'),
    ('⼼', '心'),
    ('⼽', '戈'),
    ('⼾', '戶'),
    ('⼿', '手'),
    ('⽀', '支'),
    ('⽁', '攴'),
    ('⽂', '文'),
    ('⽃', '斗'),
    ('⽄', '斤'),
    ('⽅', '方'),
    ('⽆', '无'),
    ('⽇', '日'),
    ('⽈', '曰'),
    ('⽉', '月'),
    ('⽊', '木'),
    ('⽋', '欠'),
    ('⽌', '止'),
    ('⽍', '歹'),
    ('⽎', '殳'),
    ('⽏', '毋'),
    ('⽐', '比'),
    ('⽑', '毛'),
    ('⽒', '氏'),
    ('⽓', '气'),
    ('⽔', '水'),
    ('⽕', '火'),
    ('⽖', '爪'),
    ('⽗', '父'),
    ('⽘', '爻'),
    ('⽙', '爿'),
    ('⽚', '片'),
    ('⽛', '牙'),
    ('⽜', '牛'),
    ('⽝', '犬'),
    ('⽞', '玄'),
    ('⽟', '玉'),
    ('⽠', '瓜'),
    ('⽡', '瓦'),
    ('⽢', '甘'),
    ('⽣', '生'),
    ('⽤', '用'),
    ('⽥', '田'),
    ('⽦', '疋'),
    ('⽧', '疒'),
    ('⽨', '癶'),
    ('⽩', '白'),
    ('⽪', '皮'),
    ('⽫', '皿'),
    ('⽬', '目'),
    ('⽭', '矛'),
    ('⽮', '矢'),
    ('⽯', '石'),
    ('⽰', '示'),
    ('⽱', '禸'),
    ('⽲', '禾'),
    ('⽳', '穴'),
    ('⽴', '立'),
    ('⽵', '竹'),
    ('⽶', '米'),
    ('⽷', '糸'),
    ('⽸', '缶'),
    ('⽹', '网'),
    ('⽺', '羊'),
    ('⽻', '羽'),
    ('⽼', '老'),
    ('⽽', '而'),
    ('⽾', '耒'),
    ('⽿', '耳'),
    ('⾀', '聿'),
    ('⾁', '肉'),
    ('⾂', '臣'),
    ('⾃', '自'),
    ('⾄', '至'),
    ('⾅', '臼'),
    ('⾆', '舌'),
    ('⾇', '舛'),
    ('⾈', '舟'),
    ('⾉', '艮'),
    ('⾊', '色'),
    ('⾋', '艸'),
    ('⾌', '虍'),
    ('⾍', '虫'),
    ('⾎', '血'),
    ('⾏', '行'),
    ('⾐', '衣'),
    ('⾑', '襾'),
    ('⾒', '見'),
    ('⾓', '角'),
    ('⾔', '言'),
    ('⾕', '谷'),
    ('⾖', '豆'),
    ('⾗', '豕'),
    ('⾘', '豸'),
    ('⾙', '貝'),
    ('⾚', '赤'),
    ('⾛', '走'),
    ('⾜', '足'),
    ('⾝', '身'),
    ('⾞', '車'),
    ('⾟', '辛'),
    ('⾠', '辰'),
    ('⾡', '辵'),
    ('⾢', '邑'),
    ('⾣', '酉'),
    ('⾤', '釆'),
    ('⾥', '里'),
    ('⾦', '金'),
    ('⾧', '長'),
    ('⾨', '門'),
    ('⾩', '阜'),
    ('⾪', '隶'),
    ('⾫', '隹'),
    ('⾬', '雨'),
    ('⾭', '靑'),
    ('⾮', '非'),
    ('⾯', '面'),
    ('⾰', '革'),
    ('⾱', '韋'),
    ('⾲', '韭'),
    ('⾳', '音'),
    ('⾴', '頁'),
    ('⾵', '風'),
    ('⾶', '飛'),
    ('⾷', '食'),
    ('⾸', '首'),
    ('⾹', '香'),
    ('⾺', '馬'),
    ('⾻', '骨'),
    ('⾼', '高'),
    ('⾽', '髟'),
    ('⾾', '鬥'),
    ('⾿', '鬯'),
    ('⿀', '鬲'),
    ('⿁', '鬼'),
    ('⿂', '魚'),
    ('⿃', '鳥'),
    ('⿄', '鹵'),
    ('⿅', '鹿'),
    ('⿆', '麥'),
    ('⿇', '麻'),
    ('⿈', '黃'),
    ('⿉', '黍'),
    ('⿊', '黑'),
    ('⿋', '黹'),
    ('⿌', '黽'),
    ('⿍', '鼎'),
    ('⿎', '鼓'),
    ('⿏', '鼠'),
    ('⿐', '鼻'),
    ('⿑', '齊'),
    ('⿒', '齒'),
    ('⿓', '龍'),
    ('⿔', '龜'),
    ('⿕', '龠'),
];

/// Traditional characters seen in labels (總計, 結轉, 申請 …), to simplified. Sorted.
const TRADITIONAL: &[(char, char)] = &[
    ('並', '并'),
    ('來', '来'),
    ('億', '亿'),
    ('內', '内'),
    ('務', '务'),
    ('區', '区'),
    ('員', '员'),
    ('問', '问'),
    ('單', '单'),
    ('國', '国'),
    ('執', '执'),
    ('報', '报'),
    ('實', '实'),
    ('審', '审'),
    ('將', '将'),
    ('對', '对'),
    ('導', '导'),
    ('屬', '属'),
    ('師', '师'),
    ('廢', '废'),
    ('廳', '厅'),
    ('強', '强'),
    ('從', '从'),
    ('態', '态'),
    ('應', '应'),
    ('擁', '拥'),
    ('據', '据'),
    ('擬', '拟'),
    ('數', '数'),
    ('書', '书'),
    ('會', '会'),
    ('條', '条'),
    ('業', '业'),
    ('構', '构'),
    ('機', '机'),
    ('檔', '档'),
    ('權', '权'),
    ('歲', '岁'),
    ('歷', '历'),
    ('決', '决'),
    ('況', '况'),
    ('準', '准'),
    ('濟', '济'),
    ('為', '为'),
    ('無', '无'),
    ('獲', '获'),
    ('現', '现'),
    ('產', '产'),
    ('當', '当'),
    ('發', '发'),
    ('確', '确'),
    ('穩', '稳'),
    ('節', '节'),
    ('範', '范'),
    ('糾', '纠'),
    ('級', '级'),
    ('組', '组'),
    ('結', '结'),
    ('統', '统'),
    ('經', '经'),
    ('維', '维'),
    ('縣', '县'),
    ('總', '总'),
    ('織', '织'),
    ('繳', '缴'),
    ('罰', '罚'),
    ('與', '与'),
    ('萬', '万'),
    ('處', '处'),
    ('號', '号'),
    ('衛', '卫'),
    ('補', '补'),
    ('製', '制'),
    ('複', '复'),
    ('規', '规'),
    ('計', '计'),
    ('訊', '讯'),
    ('記', '记'),
    ('訟', '讼'),
    ('許', '许'),
    ('訴', '诉'),
    ('認', '认'),
    ('說', '说'),
    ('請', '请'),
    ('證', '证'),
    ('議', '议'),
    ('護', '护'),
    ('責', '责'),
    ('費', '费'),
    ('資', '资'),
    ('轉', '转'),
    ('辦', '办'),
    ('這', '这'),
    ('過', '过'),
    ('達', '达'),
    ('錄', '录'),
    ('門', '门'),
    ('開', '开'),
    ('關', '关'),
    ('際', '际'),
    ('險', '险'),
    ('項', '项'),
    ('須', '须'),
    ('頭', '头'),
    ('題', '题'),
    ('額', '额'),
    ('類', '类'),
    ('體', '体'),
    ('點', '点'),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The key built character by character, written out as the documentation says it.
    fn built_key(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars().map(fold_char) {
            match c {
                c if c.is_whitespace() => {}
                '(' => out.push('（'),
                ')' => out.push('）'),
                '、' => out.push('.'),
                ':' => out.push('：'),
                ',' => out.push('，'),
                '|' | '*' | '#' => {}
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn borrowed_key_is_the_built_key() {
        for s in [
            "本年新收政府信息公开申请数量",
            "（一）予以公开",
            "(一) 予以公开",
            "（二）1.属于国家秘密：",
            "國務院、部門:",
            "１２　３",
            "⼆、主动公开",
            "a|b*c#d,e",
            "",
        ] {
            assert_eq!(label_key_cow(s), built_key(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn borrowed_key_is_the_built_key_for_any_text(s in "\\PC{0,12}") {
            proptest::prop_assert_eq!(label_key_cow(&s), built_key(&s));
        }

        /// White space of every kind, full-width forms and traditional characters among
        /// cell texts: the folded text without white space, borrowed or built.
        #[test]
        fn compact_fold_is_the_fold_without_white_space(
            s in "([0-9０-９ \t\u{3000}\u{a0}—/－件無无萬元]|\\PC){0,12}"
        ) {
            let plain: String = fold(&s).chars().filter(|c| !c.is_whitespace()).collect();
            proptest::prop_assert_eq!(fold_compact(&s), plain);
        }
    }

    #[test]
    fn tables_are_sorted_for_the_binary_search() {
        assert!(TRADITIONAL.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(RADICALS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn every_entry_folds_and_the_fast_paths_leave_the_rest() {
        for &(from, to) in TRADITIONAL.iter().chain(RADICALS) {
            assert_eq!(fold_char(from), to, "{from}");
        }
        assert_eq!(fold("總計１２　結轉⼀A-é"), "总计12 结转一A-é");
        // Simplified characters that share a filter bit with a traditional one stay.
        for c in ['总', '计', '申', '请', '年', '度'] {
            assert_eq!(fold_char(c), c);
        }
    }
}
