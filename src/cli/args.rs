//! Command-line arguments (clap derive). Every option explains itself in `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Review government information disclosure annual reports (政府信息公开工作年度报告) beside
/// the agency's report for the year before.
///
/// `nianbao FILE [PRIOR]` opens the reviewer on a report (the short form of `nianbao review`).
#[derive(Debug, Parser)]
#[command(name = "nianbao", version, subcommand_precedence_over_arg = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Short form of `review`: the report to open.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// Short form of `review`: the agency's prior-year report.
    #[arg(value_name = "PRIOR")]
    pub prior: Option<PathBuf>,

    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalOpts,
}

/// Options every command takes.
#[derive(Debug, Args, Clone, Default)]
pub struct GlobalOpts {
    /// Language of messages and labels (default: the config file's `lang`, else Chinese).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,

    /// A rules file that changes rule severities or thresholds or disables rules, applied over
    /// the built-in rules (default: `rules.toml` in the config directory, if present).
    #[arg(long, global = true, value_name = "FILE")]
    pub rules: Option<PathBuf>,

    /// Where review records live (default: $NIANBAO_STORE, else the user's data directory).
    #[arg(long, global = true, value_name = "DIR", env = "NIANBAO_STORE")]
    pub store: Option<PathBuf>,

    /// The reviewer's name for notes and sign-offs (default: the config file's `reviewer`,
    /// else the login name).
    #[arg(long, global = true, value_name = "NAME")]
    pub reviewer: Option<String>,

    /// The config file to use (default: `config.toml` in the user's config directory).
    #[arg(long, global = true, value_name = "FILE", env = "NIANBAO_CONFIG")]
    pub config: Option<PathBuf>,
}

/// Message language.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum LangArg {
    /// 中文
    Zh,
    /// English
    En,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check reports against the format's arithmetic and structure rules (and against the prior
    /// year when one is given or found among the inputs).
    Check(CheckArgs),
    /// Show a report beside its prior year: each table with both years and the deltas, and each
    /// narrative section's similarity and changed text.
    Diff(DiffArgs),
    /// Open the reviewer (terminal UI) on a report.
    Review(ReviewArgs),
    /// Open the list of submissions in a folder, to review them one after another.
    Inbox(InboxArgs),
    /// Attach a note to a cell, a finding or a section of a report, in the review store.
    Annotate(AnnotateArgs),
    /// Sign a report off: approve it, or return it to the agency for revision.
    ///
    /// Exit status: 0 signed; 1 approval refused because an error finding has no accepted or
    /// resolved note (the message names them); 2 a file or the review store could not be read.
    Signoff(SignoffArgs),
    /// Show the review state of reports, one line each: approved, returned, stale (the file,
    /// its prior year or the rules changed since the sign-off) or unsigned, with open notes
    /// and error findings.
    Status(StatusArgs),
    /// Write the review memo to send back to the agency (整改意见 when returned, 审核意见
    /// otherwise): the report, the decision, each finding with its location, expected and
    /// reported values, and the reviewer's notes.
    Export(ExportArgs),
    /// Check that review records were changed only through nianbao: each record's audit log
    /// is an unbroken chain of hashes and replays to the record's state; sign-off signatures
    /// are checked against `allowed_signers` when the config names one.
    ///
    /// Exit status: 0 every record intact; 1 a record was altered (the record and the entry
    /// are named); 2 a record or report could not be read.
    Verify(VerifyArgs),
    /// Compile a whole intake into one workbook for the supervisor: an overview row per
    /// report with its headline figures beside last year's, a sheet per table with 合计 rows,
    /// and the list of findings to send back.
    ///
    /// Exit status: 0 written; 1 written, and a report has an error finding; 2 an input could
    /// not be read (it is listed in the workbook) or the workbook could not be written.
    Summary(SummaryArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    Man,
}

/// `verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Reports whose records to check (default: every record in the store).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Print one JSON object per record per line.
    #[arg(long)]
    pub json: bool,
}

/// `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// When `diff` colours its output.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum ColorArg {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never: changes are marked `[-…-]{+…+}`.
    Never,
}

/// `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Report files, or folders to search for reports (.txt .md .html .htm .docx .pdf).
    #[arg(required = true, value_name = "FILE|DIR")]
    pub inputs: Vec<PathBuf>,

    /// The prior-year report to compare against (only with a single input). Without it, each
    /// report is paired with the same agency's prior year among the inputs.
    #[arg(long, value_name = "PRIOR")]
    pub prior: Option<PathBuf>,

    /// Print one JSON object per report per line (the contract of spec/json-output.md).
    #[arg(long)]
    pub json: bool,

    /// With several reports: the order of the summary table.
    #[arg(long, value_enum, default_value_t = SortKey::Input)]
    pub sort: SortKey,

    /// Threads to use (default: every core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,

    /// Print only the summary table, not each report's findings.
    #[arg(long)]
    pub summary: bool,
}

/// Orders of the batch summary.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SortKey {
    /// As given on the command line.
    Input,
    /// By agency name.
    Agency,
    /// By report year.
    Year,
    /// Most errors first.
    Errors,
    /// Most warnings first.
    Warnings,
    /// By review state.
    State,
}

/// `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// This year's report.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Last year's report (default: found beside FILE).
    #[arg(long, value_name = "PRIOR")]
    pub prior: Option<PathBuf>,
    /// Show only cells that changed.
    #[arg(long)]
    pub changed_only: bool,
    /// Colour: on a terminal (auto), always, or never (changes marked `[-…-]{+…+}`).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

/// `review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// This year's report.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Last year's report (default: found beside FILE).
    #[arg(long, value_name = "PRIOR")]
    pub prior: Option<PathBuf>,
    /// Draw with ASCII markers only (for terminals that render ✖ ⚠ Δ double width).
    #[arg(long)]
    pub ascii: bool,
}

/// `inbox`.
#[derive(Debug, Args)]
pub struct InboxArgs {
    /// The folder of submissions.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Draw with ASCII markers only.
    #[arg(long)]
    pub ascii: bool,
}

/// `annotate`.
#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("target")
        .required(true)
        .multiple(true)
        .args(["cell", "rule", "section"])
))]
pub struct AnnotateArgs {
    /// The report.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The prior-year report, so cross-year findings can be annotated too (default: the
    /// agency's prior-year report found beside FILE, if any).
    #[arg(long, value_name = "PRIOR")]
    pub prior: Option<PathBuf>,
    /// Annotate a cell, by canonical id (e.g. `apply.new.total`); with `--rule`, the cell
    /// whose finding is meant when the rule fires more than once.
    #[arg(long, value_name = "ID", conflicts_with = "section")]
    pub cell: Option<String>,
    /// Annotate the finding of a rule (e.g. `cell.unreadable`, as `nianbao check` names it).
    /// Such a note follows the finding into a corrected resubmission.
    #[arg(long, value_name = "ID", conflicts_with = "section")]
    pub rule: Option<String>,
    /// Annotate a section (`s1` … `s6`).
    #[arg(long, value_name = "sN")]
    pub section: Option<String>,
    /// The note (several lines are fine); `-` reads it from standard input.
    #[arg(long, value_name = "TEXT")]
    pub text: String,
    /// The note's state: `accepted` or `resolved` on an error finding lets the report be
    /// approved.
    #[arg(long, value_enum, default_value_t = StateArg::Open)]
    pub state: StateArg,
    /// With `--cell`: record what an ambiguous or unreadable cell reads (one of its candidates,
    /// or the value typed), with `--text` saying why. Kept for this content of the report; the
    /// rules then run on it wherever the store is used.
    #[arg(long, value_name = "V", requires = "cell", conflicts_with_all = ["rule", "section"])]
    pub value: Option<String>,
}

/// Annotation states.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum StateArg {
    /// Still to be dealt with.
    Open,
    /// Dealt with (the agency corrected it, or it was a misreading).
    Resolved,
    /// The finding stands, and the reviewer accepts it (give the reason in the text).
    Accepted,
}

/// `signoff`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("decision").required(true).args(["approve", "return_"])))]
pub struct SignoffArgs {
    /// The report.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The prior-year report it was reviewed against (default: the agency's prior-year report
    /// found beside FILE, if any). The sign-off goes stale when it changes.
    #[arg(long, value_name = "PRIOR")]
    pub prior: Option<PathBuf>,
    /// Approve the report (refused while an error finding is neither accepted nor resolved).
    #[arg(long)]
    pub approve: bool,
    /// Return the report to the agency for revision.
    #[arg(long = "return")]
    pub return_: bool,
    /// The decision's overall comment, printed at the head of the memo (required with
    /// `--return`: say what the agency must do).
    #[arg(
        long,
        value_name = "TEXT",
        default_value = "",
        required_if_eq("return_", "true")
    )]
    pub comment: String,
    /// Replace the decision in force (without it a second decision is refused, naming the
    /// first); both stay in the history and the memo.
    #[arg(long)]
    pub replace: bool,
}

/// `status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Reports, or folders of reports. Each is checked against the same agency's prior year
    /// among the inputs, else the one found beside it.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub inputs: Vec<PathBuf>,
    /// Print JSON, one object per report per line: path, agency, year, state, revision,
    /// open_annotations, errors, unaccepted_errors, signoff, stale_reasons.
    #[arg(long)]
    pub json: bool,
}

/// `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The report.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The prior-year report (default: the agency's prior-year report found beside FILE).
    #[arg(long, value_name = "PRIOR")]
    pub prior: Option<PathBuf>,
    /// Memo format.
    #[arg(long, value_enum, default_value_t = MemoFormat::Md)]
    pub format: MemoFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Memo formats.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum MemoFormat {
    /// Markdown, ready to send.
    Md,
    /// JSON, for other tools.
    Json,
}

/// `summary`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("out").required(true).multiple(true).args(["output", "csv"])))]
pub struct SummaryArgs {
    /// Report files, or folders to search for reports, paired as `check` pairs them.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub inputs: Vec<PathBuf>,
    /// The workbook to write (.xlsx), replaced atomically.
    #[arg(long, short = 'o', value_name = "FILE.xlsx")]
    pub output: Option<PathBuf>,
    /// Also (or instead) write each sheet as a CSV file (UTF-8 with BOM) into this folder.
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
    /// The report year of the intake (default: the latest year among the inputs); earlier
    /// years serve only as priors.
    #[arg(long, value_name = "Y")]
    pub year: Option<i32>,
    /// Threads to use (default: every core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
}
