//! A desk for the store tests: copies of seed reports in a temporary folder, a store beside
//! them, and `nianbao` run with the store, reviewer and config isolated from the machine's.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

pub struct Desk {
    pub dir: tempfile::TempDir,
    pub config: Option<PathBuf>,
}

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Desk {
    /// A desk with copies of these seed files (from `samples/`) in `reports/`.
    pub fn with(names: &[&str]) -> Desk {
        let dir = tempfile::tempdir().expect("temp dir");
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        std::fs::create_dir(dir.path().join("reports")).unwrap();
        for name in names {
            std::fs::copy(samples.join(name), dir.path().join("reports").join(name)).unwrap();
        }
        Desk { dir, config: None }
    }

    pub fn report(&self, name: &str) -> PathBuf {
        self.dir.path().join("reports").join(name)
    }

    pub fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    /// Every record file of the store.
    pub fn records(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(self.store())
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        v.retain(|p| p.extension().is_some_and(|x| x == "json"));
        v.sort();
        v
    }

    pub fn nianbao(&self) -> Command {
        let mut cmd = Command::cargo_bin("nianbao").expect("binary built");
        cmd.env("NIANBAO_STORE", self.store())
            .env("HOME", self.dir.path())
            .env("USER", "王审核")
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("XDG_DATA_HOME")
            .env("NO_COLOR", "1")
            .env("TZ", "Asia/Shanghai");
        match &self.config {
            Some(c) => cmd.env("NIANBAO_CONFIG", c),
            None => cmd.env_remove("NIANBAO_CONFIG"),
        };
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Out {
        let out = self.nianbao().args(args).output().expect("runs");
        Out {
            code: out.status.code().expect("exited"),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Run and expect exit 0.
    pub fn ok(&self, args: &[&str]) -> Out {
        let out = self.run(args);
        assert_eq!(out.code, 0, "{args:?}: {}{}", out.stdout, out.stderr);
        out
    }

    pub fn status_json(&self, file: &Path) -> Value {
        let out = self.ok(&["status", "--json", path(file)]);
        serde_json::from_str(out.stdout.trim()).expect("one JSON object")
    }
}

pub fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}
