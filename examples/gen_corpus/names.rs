//! Agency names: city × county × bureau, every agency distinct by construction.

/// Cities the counties are placed in (decoration: the county name alone is unique).
const CITIES: [&str; 12] = [
    "榆林市",
    "淄博市",
    "中卫市",
    "宿迁市",
    "淮安市",
    "汉中市",
    "延安市",
    "安康市",
    "渭南市",
    "宝鸡市",
    "商洛市",
    "铜川市",
];

/// First characters of county names.
const FIRST: [&str; 30] = [
    "横", "海", "周", "榆", "高", "清", "安", "平", "长", "新", "永", "宁", "兴", "定", "靖", "神",
    "府", "米", "吴", "佳", "子", "绥", "柳", "桃", "枣", "石", "白", "黄", "临", "云",
];

/// Second characters of county names.
const SECOND: [&str; 30] = [
    "山", "原", "村", "阳", "陵", "河", "泉", "川", "林", "水", "城", "台", "岭", "源", "丰", "谷",
    "溪", "江", "州", "坪", "塘", "沙", "湖", "泽", "庄", "峰", "关", "滩", "堡", "桥",
];

/// County-level bodies that publish a report each year.
const BUREAUS: [&str; 24] = [
    "行政审批服务局",
    "卫生健康局",
    "教育局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "应急管理局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "林业局",
    "审计局",
    "司法局",
    "生态环境局",
    "退役军人事务局",
    "发展和改革局",
    "科学技术局",
];

/// How many distinct agencies can be named.
pub const CAPACITY: usize = FIRST.len() * SECOND.len() * BUREAUS.len();

/// One publishing body.
#[derive(Debug, Clone)]
pub struct Agency {
    /// Full name as the title prints it (`榆林市横山区卫生健康局`).
    pub name: String,
    /// `区` or `县`, for `区委、区政府`.
    pub county_kind: &'static str,
}

/// The agency for a county (an index into a seed-shuffled county order) and a bureau. Bureaus
/// of one county come one after another, as a county's intake folder holds them.
pub fn agency(county: usize, bureau: usize) -> Agency {
    let (first, second) = (county / SECOND.len(), county % SECOND.len());
    let county_kind = if (first + second) % 3 == 0 {
        "县"
    } else {
        "区"
    };
    let city = CITIES[(first * 7 + second) % CITIES.len()];
    Agency {
        name: format!(
            "{city}{}{}{county_kind}{}",
            FIRST[first], SECOND[second], BUREAUS[bureau]
        ),
        county_kind,
    }
}

/// Number of counties and of bureaus.
pub fn dimensions() -> (usize, usize) {
    (FIRST.len() * SECOND.len(), BUREAUS.len())
}
