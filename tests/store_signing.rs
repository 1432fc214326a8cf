//! Sign-offs signed with the reviewer's SSH key, end to end with a key made here: with
//! `signing_key` in the config the sign-off carries an `ssh-keygen -Y sign -n nianbao`
//! signature; with `allowed_signers` `verify` and the memo check it; a forger who rewrites the
//! decision and recomputes the whole chain (which the chain alone cannot catch) is caught by
//! the signature. Skipped, saying so, where `ssh-keygen` is not installed.

mod store_desk;

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use store_desk::{Desk, path};

const ZHOUCUN: &str = "zhoucun-approval-2020.txt";

fn have_ssh_keygen() -> bool {
    let ok = Command::new("ssh-keygen").arg("-?").output().is_ok();
    if !ok {
        eprintln!("SKIPPED: ssh-keygen is not installed, so SSH signing cannot be tested here");
    }
    ok
}

/// A key pair `dir/NAME` (no passphrase) and its line for an allowed signers file.
fn key(dir: &Path, name: &str, principal: &str) -> String {
    let k = dir.join(name);
    let st = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", principal, "-f"])
        .arg(&k)
        .status()
        .expect("ssh-keygen runs");
    assert!(st.success());
    let public = fs::read_to_string(k.with_extension("pub")).unwrap();
    format!("{principal} {}", public.trim())
}

fn fingerprint(dir: &Path, name: &str) -> String {
    let out = Command::new("ssh-keygen")
        .arg("-l")
        .arg("-f")
        .arg(dir.join(format!("{name}.pub")))
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_string()
}

/// A desk whose config signs with `keys/reviewer` and trusts only it.
fn signing_desk() -> Desk {
    let mut desk = Desk::with(&["zhoucun-approval-2019.txt", ZHOUCUN]);
    let keys = desk.dir.path().join("keys");
    fs::create_dir(&keys).unwrap();
    let line = key(&keys, "reviewer", "wang@example.gov.cn");
    fs::write(keys.join("allowed_signers"), format!("{line}\n")).unwrap();
    let config = desk.dir.path().join("config.toml");
    fs::write(
        &config,
        format!(
            "signing_key = {:?}\nallowed_signers = {:?}\n",
            keys.join("reviewer").display().to_string(),
            keys.join("allowed_signers").display().to_string()
        ),
    )
    .unwrap();
    desk.config = Some(config);
    desk
}

/// What a forger with write access can do: recompute every entry's hash and `prev` after
/// changing one, so the chain is consistent again (the same canonical form nianbao hashes).
fn reseal(v: &mut Value) {
    let key = v["identity"]["key"].as_str().unwrap().to_string();
    let mut prev = hex(&Sha256::digest(
        format!("nianbao-record-2\n{key}").as_bytes(),
    ));
    for e in v["audit"].as_array_mut().unwrap() {
        e["prev"] = prev.clone().into();
        let body = json!({
            "seq": e["seq"], "at": e["at"], "who": e["who"], "event": e["event"], "prev": e["prev"],
        });
        let h = hex(&Sha256::digest(serde_json::to_vec(&body).unwrap()));
        e["hash"] = h.clone().into();
        prev = h;
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn a_signed_sign_off_verifies_and_the_memo_names_the_key_and_chain_head() {
    if !have_ssh_keygen() {
        return;
    }
    let desk = signing_desk();
    let r = desk.report(ZHOUCUN);
    let out = desk.ok(&[
        "signoff",
        path(&r),
        "--return",
        "--comment",
        "请修改后重新报送",
    ]);
    let fp = fingerprint(&desk.dir.path().join("keys"), "reviewer");
    assert!(out.stderr.contains(&fp), "says it signed: {}", out.stderr);
    let out = desk.ok(&["verify"]);
    assert!(
        out.stdout.contains("签名有效（wang@example.gov.cn"),
        "{}",
        out.stdout
    );
    let memo = desk.ok(&["export", path(&r)]);
    assert!(
        memo.stdout
            .contains(&format!("签名：签名有效（wang@example.gov.cn，密钥 {fp}）")),
        "{}",
        memo.stdout
    );
    assert!(
        memo.stdout.contains("审核记录链头（SHA-256）："),
        "{}",
        memo.stdout
    );
}

#[test]
fn a_forged_decision_with_a_recomputed_chain_fails_its_signature() {
    if !have_ssh_keygen() {
        return;
    }
    let desk = signing_desk();
    let r = desk.report(ZHOUCUN);
    desk.ok(&[
        "signoff",
        path(&r),
        "--return",
        "--comment",
        "请修改后重新报送",
    ]);
    let p = desk.records().remove(0);
    let mut v: Value = serde_json::from_slice(&fs::read(&p).unwrap()).unwrap();
    let text = serde_json::to_string(&v)
        .unwrap()
        .replace("请修改后重新报送", "同意");
    v = serde_json::from_str(&text).unwrap();
    reseal(&mut v);
    fs::write(&p, serde_json::to_vec_pretty(&v).unwrap()).unwrap();

    // The chain is consistent again, so only the signature tells.
    let out = desk.run(&["verify"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("签名无效"), "{}", out.stdout);
    let memo = desk.ok(&["export", path(&r)]);
    assert!(memo.stdout.contains("签名：签名无效"), "{}", memo.stdout);

    // Without allowed signers the chain verifies: the README's threat model says why.
    let out = desk
        .nianbao()
        .env_remove("NIANBAO_CONFIG")
        .env("NIANBAO_STORE", desk.store())
        .args(["verify"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_key_not_among_the_allowed_signers_is_shown_as_such() {
    if !have_ssh_keygen() {
        return;
    }
    let desk = signing_desk();
    let keys = desk.dir.path().join("keys");
    let other = key(&keys, "other", "someone@else");
    fs::write(keys.join("allowed_signers"), format!("{other}\n")).unwrap();
    desk.ok(&[
        "signoff",
        path(&desk.report(ZHOUCUN)),
        "--return",
        "--comment",
        "退回",
    ]);
    let out = desk.run(&["verify", "--lang", "en"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stdout.contains("BAD signature"), "{}", out.stdout);
}
