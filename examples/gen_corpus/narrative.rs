//! The narrative sections 一, 五 and 六: sentences drawn from pools so that consecutive years
//! read differently (no `yoy.copied_text`), numbers that agree with the tables, section 五
//! planning for the year after the report year, and for the 2021 template the rectification
//! paragraph and the word on processing fees.
//!
//! Sentences outside the intended ones never pair a number with 件 (the unit the
//! `narrative.numbers` rule reads), never say 整改 or 上年度 (what `s5.rectification` looks
//! for), and section 五 never names the report year.

use nianbao::model::Template;

use super::rng::Rng;

/// Openings of section 一; `{y}` is the year, `{a}` the agency, `{k}` 区 or 县.
const OPENINGS: [&str; 5] = [
    "{y}年，{a}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，扎实推进政府信息公开工作。",
    "{y}年，在{k}委、{k}政府的坚强领导下，{a}紧紧围绕中心工作，依法做好政府信息公开各项工作。",
    "{y}年，{a}以人民群众关心关注的事项为重点，持续提升政府信息公开工作质量和实效。",
    "{y}年，{a}严格落实上级关于政务公开工作的部署要求，保障公众的知情权、参与权、表达权和监督权。",
    "{y}年，{a}把政府信息公开作为建设法治政府的重要抓手，推动决策、执行、管理、服务、结果全过程公开。",
];

/// 主动公开; `{n}` is a count of items (条, 篇, 项, 次: never 件).
const ACTIVE: [&str; 12] = [
    "全年通过政府门户网站主动公开政府信息{n}条，机构职能、政策文件、工作动态等栏目均按时更新。",
    "围绕优化营商环境、民生保障等重点领域，及时发布政策文件和办事指南，全年发布各类信息{n}条。",
    "落实政策解读与政策文件同步起草、同步审批、同步发布制度，采用图解、问答等形式解读政策{n}篇。",
    "通过微信公众号发布政务信息{n}条，及时回应群众关切，公众号关注人数持续增长。",
    "按照主动公开基本目录要求，对财政预决算、“三公”经费等信息进行集中公开，做到应公开尽公开。",
    "依托政务服务大厅公示栏、电子显示屏等载体，公开办事流程、收费标准和监督电话，方便群众查询。",
    "及时更新权责清单和公共服务事项清单，全年调整公开事项{n}项。",
    "重要政策出台后第一时间开展解读，主要负责同志带头解读重要政策{n}次。",
    "加强安全生产、防汛抗旱等突发事件信息发布，全年发布相关信息{n}条，未出现迟报漏报。",
    "对历年制发的规范性文件进行全面梳理，标注有效性并集中展示，便于公众检索。",
    "持续推进基层政务公开标准化规范化，编制完善本部门公开事项标准目录。",
    "主动公开人事任免、招录考试、公示公告等信息{n}条，自觉接受社会监督。",
];

/// 依申请公开: procedure only, no numbers.
const APPLY: [&str; 8] = [
    "严格按照《中华人民共和国政府信息公开条例》规定的程序和时限办理申请，做到依法规范答复。",
    "进一步规范申请登记、审核、答复等环节，明确各环节责任人。",
    "对申请内容不明确的，及时告知申请人补正，并做好解释说明工作。",
    "建立答复会商机制，复杂申请由法制机构审核把关，提高答复质量。",
    "畅通网络、信函、当面等申请渠道，在门户网站公布申请指南和联系方式。",
    "规范答复文书格式，统一告知书模板，确保答复内容准确、依据充分。",
    "加强与申请人的沟通，注重从源头化解矛盾，提升群众满意度。",
    "对申请中反映的共性问题，及时研究转为主动公开，减少重复申请。",
];

/// 政府信息管理.
const MANAGE: [&str; 8] = [
    "严格执行公文公开属性源头认定制度，拟制公文时同步明确主动公开、依申请公开或不予公开属性。",
    "落实信息发布保密审查制度，坚持先审查后公开，全年未发生失泄密事件。",
    "定期对已公开信息进行清理，对过时失效信息及时标注或撤除。",
    "建立政府信息公开工作台账，对信息发布情况实行动态管理。",
    "完善规范性文件统一登记、统一编号、统一发布制度。",
    "组织开展公开工作自查，对链接失效、内容缺失等情况逐项处理。",
    "严格落实信息发布“三审三校”制度，确保发布内容准确无误。",
    "加强政务数据管理，规范信息采集、审核和发布流程。",
];

/// 平台建设; `{n}` counts terminals.
const PLATFORM: [&str; 8] = [
    "持续优化门户网站政府信息公开专栏，调整栏目设置，提升信息检索效率。",
    "加强政务新媒体规范管理，对账号开展常态化巡查，确保内容安全。",
    "依托政务服务网推进网上办事，办事指南要素全部公开。",
    "在政务服务大厅设置政府信息公开查阅点，配备查询终端{n}台。",
    "完成网站适老化和无障碍改造，方便老年人和残障人士获取信息。",
    "推进政务公开专区建设，为群众提供政策咨询和信息查询服务。",
    "加强网站安全防护，定期开展漏洞扫描，保障平台平稳运行。",
    "整合网站栏目资源，实现信息集中发布、统一管理。",
];

/// 监督保障; `{n}` counts trainings.
const SUPERVISE: [&str; 8] = [
    "将政府信息公开工作纳入年度目标责任考核，压实科室工作责任。",
    "设立监督举报电话，主动接受社会公众和新闻媒体监督。",
    "组织开展政府信息公开业务培训{n}次，提升工作人员业务能力。",
    "成立政务公开工作领导小组，主要负责同志亲自抓，分管负责同志具体抓。",
    "定期通报政务公开工作情况，督促各科室按时报送公开信息。",
    "邀请群众代表参与政务公开工作评议，认真听取意见建议。",
    "落实政府信息公开责任追究制度，对工作不力的严肃问责。",
    "聘请社会监督员对信息公开工作进行监督评议。",
];

/// Problems found this year (no year, no 整改).
const PROBLEMS: [&str; 10] = [
    "公开内容还不够丰富，部分信息更新不够及时",
    "政策解读形式较为单一，图文、音视频解读占比不高",
    "工作人员多为兼职，业务能力有待进一步提高",
    "信息公开的主动性还不够强，回应社会关切的深度不足",
    "依申请公开答复的规范性有待加强，答复文书说理不够充分",
    "政务新媒体互动功能发挥不够，公众参与度不高",
    "基层政务公开标准化规范化建设推进不够平衡",
    "公开平台栏目设置不够合理，部分信息查找不够便捷",
    "对公开工作的监督考核还不够有力",
    "重点领域信息公开的全面性和准确性还需提升",
];

/// Plans for the year to come.
const PLANS: [&str; 12] = [
    "进一步加强组织领导，明确专人负责，完善工作机制",
    "加大政策解读力度，丰富解读形式，提高解读质量",
    "加强业务培训，提升工作人员的政策水平和业务能力",
    "优化公开平台栏目设置，提升信息检索的便捷性",
    "规范依申请公开办理流程，提高答复文书质量",
    "强化监督考核，将公开工作情况纳入年度考评",
    "拓宽公开渠道，充分发挥政务新媒体作用",
    "聚焦群众关切，加大重点领域信息公开力度",
    "健全信息发布审核机制，确保公开信息准确规范",
    "推进基层政务公开标准化规范化建设走深走实",
    "加强与申请人的沟通，注重化解矛盾纠纷",
    "完善公开目录，动态调整主动公开事项",
];

/// How the plans open; `{y}` is the year after the report year.
const PLAN_OPENINGS: [&str; 3] = [
    "{y}年，我局将重点做好以下工作：",
    "下一步，我局将从以下方面加以改进：",
    "{y}年，我局将着力抓好以下几项工作：",
];

/// 上年度问题整改情况 (2021 template).
const RECTIFICATION: [&str; 6] = [
    "针对上年度报告指出的信息更新不及时问题，已建立信息发布周报制度，整改工作已完成。",
    "针对上年度存在的政策解读形式单一问题，已增加图解、视频等解读形式，整改到位。",
    "针对上年度工作人员业务能力不足问题，已组织专题培训，整改取得明显成效。",
    "针对上年度依申请公开答复不够规范问题，已统一答复文书模板，完成整改。",
    "针对上年度公开平台栏目设置不合理问题，已对栏目进行优化调整，整改已落实。",
    "针对上年度监督考核不够有力问题，已将公开工作纳入目标责任考核，整改到位。",
];

/// Section 六 of a 2021 report: the word on processing fees, then perhaps more.
const FEES: [&str; 3] = [
    "本年度未收取信息处理费。",
    "本机关本年度未收取政府信息公开信息处理费。",
    "依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。",
];

/// Section 六 of a 2019-template report.
const OTHER_2019: [&str; 3] = [
    "无。",
    "本机关无其他需要报告的事项。",
    "我局无其他需要报告的事项。",
];

const NUMERALS: [&str; 6] = ["一", "二", "三", "四", "五", "六"];

/// Which sentences a report uses: drawn once, reused to render, and copied when an
/// injection copies section 五 from last year.
#[derive(Debug, Clone, PartialEq)]
pub struct Picks {
    opening: usize,
    active: Vec<usize>,
    apply: Vec<usize>,
    manage: Vec<usize>,
    platform: Vec<usize>,
    supervise: Vec<usize>,
    numbers: Vec<i64>,
    /// Section 五's sentences (what `copied_text` copies).
    pub s5: S5Picks,
    s6: usize,
    s6_extra: bool,
}

/// Section 五's choices.
#[derive(Debug, Clone, PartialEq)]
pub struct S5Picks {
    problems: Vec<usize>,
    plans: Vec<usize>,
    plan_opening: usize,
    rectification: usize,
}

impl Picks {
    /// Draw, avoiding last year's sentences.
    pub fn draw(rng: &mut Rng, prior: Option<&Picks>) -> Picks {
        let avoid = |f: fn(&Picks) -> &Vec<usize>| prior.map(f).cloned().unwrap_or_default();
        let opening = rng.choose(
            OPENINGS.len(),
            1,
            &prior.map(|p| vec![p.opening]).unwrap_or_default(),
        )[0];
        let k = |rng: &mut Rng, lo: i64, hi: i64| rng.range(lo, hi) as usize;
        let n_active = k(rng, 2, 3);
        let n_problems = k(rng, 2, 3);
        let n_plans = k(rng, 3, 4);
        Picks {
            opening,
            active: rng.choose(ACTIVE.len(), n_active, &avoid(|p| &p.active)),
            apply: rng.choose(APPLY.len(), 2, &avoid(|p| &p.apply)),
            manage: rng.choose(MANAGE.len(), 2, &avoid(|p| &p.manage)),
            platform: rng.choose(PLATFORM.len(), 2, &avoid(|p| &p.platform)),
            supervise: rng.choose(SUPERVISE.len(), 2, &avoid(|p| &p.supervise)),
            numbers: (0..8).map(|_| rng.range(3, 900)).collect(),
            s5: S5Picks {
                problems: rng.choose(
                    PROBLEMS.len(),
                    n_problems,
                    &prior.map(|p| p.s5.problems.clone()).unwrap_or_default(),
                ),
                plans: rng.choose(
                    PLANS.len(),
                    n_plans,
                    &prior.map(|p| p.s5.plans.clone()).unwrap_or_default(),
                ),
                plan_opening: rng.below(PLAN_OPENINGS.len()),
                rectification: rng.choose(
                    RECTIFICATION.len(),
                    1,
                    &prior.map(|p| vec![p.s5.rectification]).unwrap_or_default(),
                )[0],
            },
            s6: rng.below(3),
            s6_extra: rng.chance(0.5),
        }
    }
}

/// What the narrative says about applications and litigation, from the final cells.
#[derive(Debug, Clone, Copy)]
pub struct Facts {
    /// `apply.new.total`, or a wrong figure when `narrative.numbers` is injected.
    pub received: i64,
    /// `apply.total.total`.
    pub handled: i64,
    /// `apply.carried_out.total`.
    pub carried_out: i64,
    /// `review.appeal.total`.
    pub appeals: i64,
    /// Both lawsuit totals; 0 when the narrative is made to deny them.
    pub lawsuits: i64,
}

/// Who and when, for the narrative.
pub struct Context<'a> {
    /// The agency.
    pub agency: &'a str,
    /// `区` or `县`.
    pub county_kind: &'a str,
    /// Report year.
    pub year: i32,
    /// Template.
    pub template: Template,
    /// Open and close brackets of sub-heads: full width, or half width as web pages have them.
    pub parens: (&'a str, &'a str),
}

fn fill(s: &str, n: i64) -> String {
    s.replace("{n}", &n.to_string())
}

fn sub(cx: &Context, i: usize, head: &str) -> String {
    format!("{}{}{}{head}", cx.parens.0, NUMERALS[i], cx.parens.1)
}

/// Section 一's body, line by line.
pub fn s1(cx: &Context, p: &Picks, f: &Facts) -> Vec<String> {
    let year = cx.year.to_string();
    let opening = OPENINGS[p.opening]
        .replace("{y}", &year)
        .replace("{a}", cx.agency)
        .replace("{k}", cx.county_kind);
    let v2021 = cx.template == Template::V2021;
    let heads: [&str; 5] = if v2021 {
        [
            "主动公开",
            "依申请公开",
            "政府信息管理",
            "政府信息公开平台建设",
            "监督保障",
        ]
    } else {
        [
            "主动公开情况",
            "依申请公开情况",
            "政府信息管理情况",
            "平台建设情况",
            "监督保障情况",
        ]
    };
    let joined = |pool: &[&str], picks: &[usize], offset: usize| -> String {
        picks
            .iter()
            .enumerate()
            .map(|(i, &s)| fill(pool[s], p.numbers[(offset + i) % p.numbers.len()]))
            .collect()
    };
    let mut apply = if f.received == 0 && f.handled == 0 && f.carried_out == 0 {
        "本年度未收到政府信息公开申请。".to_string()
    } else {
        let mut s = format!(
            "本年度共收到政府信息公开申请{}件，办结{}件",
            f.received, f.handled
        );
        if f.carried_out > 0 {
            s += &format!("，结转下年度继续办理{}件", f.carried_out);
        }
        s + "。"
    };
    apply += &joined(&APPLY, &p.apply, 0);
    apply += &match (f.appeals, f.lawsuits) {
        (0, 0) => "本年度未发生因政府信息公开引发的行政复议和行政诉讼。".to_string(),
        (a, 0) => format!("本年度因政府信息公开被申请行政复议{a}件，未发生行政诉讼。"),
        (0, s) => format!("本年度未发生政府信息公开行政复议，被提起行政诉讼{s}件。"),
        (a, s) => format!("本年度因政府信息公开被申请行政复议{a}件，被提起行政诉讼{s}件。"),
    };
    vec![
        opening,
        sub(cx, 0, heads[0]),
        joined(&ACTIVE, &p.active, 0),
        sub(cx, 1, heads[1]),
        apply,
        sub(cx, 2, heads[2]),
        joined(&MANAGE, &p.manage, 3),
        sub(cx, 3, heads[3]),
        joined(&PLATFORM, &p.platform, 5),
        sub(cx, 4, heads[4]),
        joined(&SUPERVISE, &p.supervise, 6),
    ]
}

/// How section 五 departs from a correct one.
#[derive(Debug, Clone, Copy, Default)]
pub struct S5Faults {
    /// The plans speak of the report year as the year to come (`narrative.year`).
    pub plans_report_year: bool,
    /// No rectification paragraph in a 2021 report (`s5.rectification`).
    pub no_rectification: bool,
}

/// Section 五's body, line by line.
pub fn s5(cx: &Context, p: &S5Picks, faults: S5Faults) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    if cx.template == Template::V2021 && !faults.no_rectification {
        out.push(sub(cx, i, "上年度问题整改情况"));
        out.push(RECTIFICATION[p.rectification].to_string());
        i += 1;
    }
    out.push(sub(cx, i, "存在的主要问题"));
    let problems: Vec<&str> = p.problems.iter().map(|&k| PROBLEMS[k]).collect();
    out.push(format!(
        "本年度，我局政府信息公开工作还存在一些不足：{}。",
        problems.join("；")
    ));
    out.push(sub(cx, i + 1, "改进措施"));
    let opening = if faults.plans_report_year {
        format!("{}年，我局将进一步做好以下工作：", cx.year)
    } else {
        PLAN_OPENINGS[p.plan_opening].replace("{y}", &(cx.year + 1).to_string())
    };
    let plans: Vec<String> = p
        .plans
        .iter()
        .enumerate()
        .map(|(n, &k)| format!("{}是{}", NUMERALS[n], PLANS[k]))
        .collect();
    out.push(format!("{opening}{}。", plans.join("；")));
    out
}

/// Section 六's body; `fees_note` false leaves out the word on processing fees (`s6.fees`).
pub fn s6(cx: &Context, p: &Picks, fees_note: bool) -> Vec<String> {
    if cx.template == Template::V2019 {
        return vec![OTHER_2019[p.s6].to_string()];
    }
    if !fees_note {
        return vec!["无。".to_string()];
    }
    let mut out = vec![FEES[p.s6].to_string()];
    if p.s6_extra {
        out.push("按照上级政务公开工作要点要求，各项任务均已落实。".to_string());
    }
    out
}
