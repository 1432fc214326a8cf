//! `--help` in the chosen language: the command line's clap definition (English, from the doc
//! comments of `args.rs`) with its headings and help strings replaced from a Chinese vocabulary
//! when the language is Chinese, the default. Completions and the man page are generated from
//! the same definition, so they say what `--help` says.

use clap::{Arg, ArgAction, Command, CommandFactory as _};

use nianbao::Lang;

use super::args::Cli;

/// Chinese help, by (subcommand, argument id); `""` is the top level. An argument missing
/// here keeps its English help.
const ARGS_ZH: &[(&str, &str, &str)] = &[
    ("", "file", "简写形式：要审核的报告（同 review）"),
    ("", "prior", "简写形式：该机关上一年度的报告"),
    (
        "*",
        "lang",
        "消息和标签的语言（默认：配置文件中的 lang，否则中文）",
    ),
    (
        "*",
        "rules",
        "规则文件：修改规则的级别、阈值或停用规则，叠加在内置规则之上（默认：配置目录中的 rules.toml）",
    ),
    (
        "*",
        "store",
        "审核记录存放的文件夹（默认：$NIANBAO_STORE，否则用户数据目录）",
    ),
    (
        "*",
        "reviewer",
        "批注和签署使用的审核人姓名（默认：配置文件中的 reviewer，否则登录名）",
    ),
    (
        "*",
        "config",
        "使用的配置文件（默认：用户配置目录中的 config.toml）",
    ),
    (
        "*",
        "prior",
        "上一年度的报告（默认：在报告旁边按机关和年度查找）",
    ),
    (
        "check",
        "inputs",
        "报告文件，或要查找报告的文件夹（.txt .md .html .htm .docx .pdf）",
    ),
    (
        "check",
        "json",
        "每份报告输出一行 JSON（格式见 spec/json-output.md）",
    ),
    ("check", "sort", "多份报告时汇总表的排序方式"),
    ("check", "jobs", "使用的线程数（默认：全部核心）"),
    ("check", "summary", "只输出汇总表，不列出每份报告的问题"),
    ("diff", "file", "本年度的报告"),
    ("diff", "changed_only", "只显示有变化的单元格"),
    (
        "diff",
        "color",
        "着色：auto（终端上着色）、always、never（用 [-…-]{+…+} 标出改动）",
    ),
    ("review", "file", "本年度的报告"),
    (
        "review",
        "ascii",
        "只用 ASCII 标记绘制（适用于把 ✖ ⚠ Δ 显示为双宽的终端）",
    ),
    ("inbox", "dir", "存放报送报告的文件夹"),
    ("inbox", "ascii", "只用 ASCII 标记绘制"),
    ("annotate", "file", "报告文件"),
    (
        "annotate",
        "cell",
        "批注一个单元格，用规范编号（如 apply.new.total）",
    ),
    (
        "annotate",
        "rule",
        "批注某条规则发现的问题（如 cell.unreadable，与 nianbao check 所列一致）",
    ),
    ("annotate", "section", "批注一个部分（s1 … s6）"),
    (
        "annotate",
        "text",
        "批注内容（可多行）；写 - 则从标准输入读取",
    ),
    (
        "annotate",
        "state",
        "批注状态：对错误问题设为 accepted（予以接受）或 resolved（已解决）后方可通过",
    ),
    ("signoff", "file", "报告文件"),
    (
        "signoff",
        "approve",
        "审核通过（仍有未接受、未解决的错误时会被拒绝）",
    ),
    ("signoff", "return_", "退回机关修改"),
    (
        "signoff",
        "comment",
        "总体意见，印在审核意见书开头（退回时必填：写明要改什么）",
    ),
    (
        "signoff",
        "replace",
        "替换现行的审核结论（不加此项时，第二次签署会被拒绝并指出第一次）；两次结论都保留在历史和审核意见书中",
    ),
    (
        "annotate",
        "value",
        "与 --cell 同用：记下无法识别或有歧义的单元格的读数（候选读法之一，或输入的数值），并用 --text 写明依据。只适用于报告的这一内容；此后凡使用审核记录之处，规则都按此值核对",
    ),
    (
        "summary",
        "inputs",
        "报告文件，或要查找报告的文件夹；与 check 一样配对上年报告",
    ),
    (
        "summary",
        "output",
        "要写入的工作簿（.xlsx），以原子方式替换",
    ),
    (
        "summary",
        "csv",
        "同时（或改为）把每张工作表写成 CSV 文件（UTF-8，带 BOM）放入此文件夹",
    ),
    (
        "summary",
        "year",
        "本批报送的报告年度（默认：输入中最新的年度）；更早年度的报告只作为上年对照",
    ),
    ("summary", "jobs", "使用的线程数（默认：全部核心）"),
    (
        "verify",
        "files",
        "要核验其审核记录的报告（默认：审核记录目录中的全部记录）",
    ),
    ("verify", "json", "每份记录输出一行 JSON"),
    ("status", "inputs", "报告，或存放报告的文件夹"),
    ("status", "json", "输出 JSON，每份报告一行"),
    ("export", "file", "报告文件"),
    ("export", "format", "审核意见书的格式"),
    ("export", "output", "写入此文件而不是标准输出"),
    ("completions", "shell", "为哪种 shell 生成补全脚本"),
];

/// Chinese descriptions of the commands.
const COMMANDS_ZH: &[(&str, &str)] = &[
    (
        "",
        "审核政府信息公开工作年度报告，并与该机关上一年度的报告对照。\n\n`nianbao 文件 [上年文件]` 直接打开审核界面（nianbao review 的简写）。",
    ),
    (
        "check",
        "按格式规定的算术和结构规则检查报告（给出或在输入中找到上年报告时，也做跨年核对）",
    ),
    (
        "diff",
        "把报告与上一年度对照：每张表两年的数值和增减，每个文字部分的相似度和改动",
    ),
    ("review", "打开审核界面（终端界面）审核一份报告"),
    ("inbox", "打开一个文件夹中报送的报告列表，逐份审核"),
    ("annotate", "在审核记录中为报告的单元格、问题或部分添加批注"),
    (
        "signoff",
        "签署报告：审核通过，或退回机关修改。\n\n退出码：0 已签署；1 仍有错误既未接受也未解决，拒绝通过（会列出）；2 文件或审核记录无法读取。",
    ),
    (
        "status",
        "列出报告的审核状态，每份一行：已通过、已退回、已失效或未签署，以及待处理批注和错误数",
    ),
    ("export", "导出发给机关的审核意见书（退回时为整改意见）"),
    (
        "summary",
        "把一批报送材料汇编成一个工作簿供督查使用：每份报告一行概况及其主要数字与上年对照，每张表一个工作表（含合计行），以及要发回的问题清单。\n\n退出码：0 已写入；1 已写入，且有报告存在错误；2 有输入无法读取（已在工作簿中列出）或工作簿无法写入。",
    ),
    (
        "verify",
        "核验审核记录是否只经 nianbao 改动：每份记录的审计日志是一条完整的哈希链，并能重放出记录的状态；配置中指定 allowed_signers 时，核验签署的签名。\n\n退出码：0 全部记录完好；1 有记录被改动（指出记录和条目）；2 有记录或报告无法读取。",
    ),
    (
        "completions",
        "输出 shell 补全脚本（bash、zsh、fish、elvish、powershell）",
    ),
    ("man", "输出 man 手册页（roff 格式）"),
];

const TEMPLATE_ZH: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

fn arg_zh(sub: &str, id: &str) -> Option<&'static str> {
    ARGS_ZH
        .iter()
        .find(|(s, a, _)| *s == sub && *a == id)
        .or_else(|| ARGS_ZH.iter().find(|(s, a, _)| *s == "*" && *a == id))
        .map(|(_, _, zh)| *zh)
}

fn command_zh(name: &str) -> Option<&'static str> {
    COMMANDS_ZH
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, zh)| *zh)
}

/// One command (the top level is `""`) with Chinese headings, help flags and strings.
fn localize(cmd: Command, sub: &str) -> Command {
    let mut cmd = cmd
        .help_template(TEMPLATE_ZH)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .mut_args(|a| localize_arg(a, sub))
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助")
                .help_heading("选项"),
        );
    if let Some(about) = command_zh(sub) {
        let short = about.split("\n\n").next().unwrap_or(about).to_string();
        cmd = cmd.about(short).long_about(about.to_string());
    }
    if sub.is_empty() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        );
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(&name, |s| localize(s, &name));
    }
    cmd
}

fn localize_arg(a: Arg, sub: &str) -> Arg {
    let heading = if a.is_positional() {
        "参数"
    } else {
        "选项"
    };
    let a = a.help_heading(heading);
    match arg_zh(sub, a.get_id().as_str()) {
        // The long help would otherwise still be the English doc comment.
        Some(zh) => a.help(zh).long_help(zh),
        None => a,
    }
}

/// The language asked for on the command line (`--lang en`, `--lang=en`), before parsing:
/// help must be in it. Chinese unless English is asked for.
pub fn lang_from_args(args: &[std::ffi::OsString]) -> Lang {
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        let value = match a.strip_prefix("--lang=") {
            Some(v) => Some(v.to_string()),
            None if a == "--lang" => it.next().map(|v| v.to_string()),
            None => None,
        };
        if value.as_deref() == Some("en") {
            return Lang::En;
        }
    }
    Lang::Zh
}

/// The whole command line's definition in a language.
pub fn command(lang: Lang) -> Command {
    let cmd = Cli::command();
    match lang {
        Lang::En => cmd,
        Lang::Zh => localize(cmd, ""),
    }
}

/// Parse the process's arguments with help in the language they ask for.
pub fn parse() -> Cli {
    use clap::FromArgMatches as _;
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let matches = command(lang_from_args(&args)).get_matches_from(args);
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// `nianbao completions SHELL`: the completion script on standard output.
pub fn completions(shell: clap_complete::Shell, lang: Lang) -> anyhow::Result<()> {
    let mut cmd = command(lang);
    // Into a buffer first: clap_complete panics when its writer fails (a closed pipe).
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "nianbao", &mut out);
    write_out(&out)
}

/// Write to standard output; a reader that stopped reading (`| head`) is not an error.
fn write_out(bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write as _;
    match std::io::stdout().write_all(bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// `nianbao man`: the man page (roff) on standard output.
pub fn man(lang: Lang) -> anyhow::Result<()> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command(lang)).render(&mut out)?;
    write_out(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_is_chinese_by_default_and_english_when_asked() {
        let zh = command(Lang::Zh).render_long_help().to_string();
        assert!(
            zh.contains("用法") && zh.contains("命令") && zh.contains("显示帮助"),
            "{zh}"
        );
        assert!(!zh.contains("Usage:") && !zh.contains("Print help"), "{zh}");
        let mut cmd = command(Lang::Zh);
        let sub = cmd
            .find_subcommand_mut("diff")
            .expect("diff")
            .render_long_help();
        assert!(sub.to_string().contains("只显示有变化的单元格"), "{sub}");
        let en = command(Lang::En).render_long_help().to_string();
        assert!(en.contains("Usage:"), "{en}");
        let args: Vec<std::ffi::OsString> = ["nianbao", "--lang", "en", "--help"]
            .iter()
            .map(Into::into)
            .collect();
        assert_eq!(lang_from_args(&args), Lang::En);
        assert_eq!(lang_from_args(&args[..1]), Lang::Zh);
    }

    #[test]
    fn the_localized_command_line_is_consistent() {
        command(Lang::Zh).debug_assert();
    }
}

#[cfg(test)]
mod coverage {
    use super::*;

    /// Every command and every argument has Chinese help: the default language never falls
    /// back to the English doc comment (`signoff --replace` and `verify` once did).
    #[test]
    fn every_command_and_argument_has_chinese_help() {
        let mut missing = Vec::new();
        let top = Cli::command();
        let mut walk = vec![(String::new(), top)];
        while let Some((name, cmd)) = walk.pop() {
            if command_zh(&name).is_none() && name != "help" {
                missing.push(format!("command `{name}`"));
            }
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if a.is_hide_set() || id == "help" || id == "version" {
                    continue;
                }
                if arg_zh(&name, id).is_none() {
                    missing.push(format!("`{name}` argument `{id}`"));
                }
            }
            for s in cmd.get_subcommands() {
                walk.push((s.get_name().to_string(), s.clone()));
            }
        }
        assert!(missing.is_empty(), "no Chinese help: {missing:#?}");
    }
}
