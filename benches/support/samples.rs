//! The text samples the benches run on: the eight `../shared/acceptance/batch-bench` copies,
//! each with its prior year where the samples hold it.

pub const TEXT_SAMPLES: [(&str, Option<&str>); 8] = [
    ("hengshan-approval-2019.txt", None),
    (
        "hengshan-approval-2020.txt",
        Some("hengshan-approval-2019.txt"),
    ),
    ("zhoucun-approval-2019.txt", None),
    (
        "zhoucun-approval-2020.txt",
        Some("zhoucun-approval-2019.txt"),
    ),
    ("haiyuan-approval-2020.txt", None),
    ("yuyang-health-2020.txt", None),
    ("yuyang-health-2021.txt", Some("yuyang-health-2020.txt")),
    ("yulin-hitech-2019.txt", None),
];
