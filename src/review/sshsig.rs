//! Sign-offs signed with the reviewer's SSH key, as git signs commits: `ssh-keygen -Y sign
//! -n nianbao` over the canonical bytes of the sign-off's audit entry, verified with
//! `ssh-keygen -Y verify` against an `allowed_signers` file. The chain of hashes shows an edit;
//! only a signature shows who made a decision, since anyone who can write the store can also
//! rewrite a whole chain consistently.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use super::ReviewError;

/// The namespace signatures are made in, so a nianbao signature cannot be passed off as a
/// git or file signature.
pub const NAMESPACE: &str = "nianbao";

/// An SSH signature over a sign-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SshSignature {
    /// The signing key's fingerprint (`SHA256:…`), as `ssh-keygen -l` prints it.
    pub fingerprint: String,
    /// The armored signature (`-----BEGIN SSH SIGNATURE-----…`).
    pub armored: String,
}

/// What checking a sign-off's signature gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "signature", rename_all = "snake_case")]
pub enum SignatureCheck {
    /// The sign-off carries no signature.
    Unsigned,
    /// Signed, but no `allowed_signers` file was given to check it against.
    NotChecked {
        /// The key's fingerprint as recorded.
        fingerprint: String,
    },
    /// The signature is good and made by a key the allowed signers list.
    Good {
        /// Who the allowed signers file says the key belongs to.
        principal: String,
        /// The key's fingerprint.
        fingerprint: String,
    },
    /// The signature does not verify: the entry was changed after signing, or the key is not
    /// an allowed signer.
    Bad {
        /// What ssh-keygen said.
        reason: String,
    },
}

impl SignatureCheck {
    /// One phrase for people.
    pub fn describe(&self, lang: crate::Lang) -> String {
        use crate::Lang::{En, Zh};
        match (self, lang) {
            (SignatureCheck::Unsigned, Zh) => "未签名".into(),
            (SignatureCheck::Unsigned, En) => "not signed".into(),
            (SignatureCheck::NotChecked { fingerprint }, Zh) => {
                format!("已签名（密钥 {fingerprint}，未核验：未配置 allowed_signers）")
            }
            (SignatureCheck::NotChecked { fingerprint }, En) => {
                format!("signed (key {fingerprint}; not checked: no allowed_signers configured)")
            }
            (
                SignatureCheck::Good {
                    principal,
                    fingerprint,
                },
                Zh,
            ) => {
                format!("签名有效（{principal}，密钥 {fingerprint}）")
            }
            (
                SignatureCheck::Good {
                    principal,
                    fingerprint,
                },
                En,
            ) => {
                format!("good signature ({principal}, key {fingerprint})")
            }
            (SignatureCheck::Bad { reason }, Zh) => format!("签名无效：{reason}"),
            (SignatureCheck::Bad { reason }, En) => format!("BAD signature: {reason}"),
        }
    }
}

/// Sign `payload` with the private key at `key`.
pub fn sign(key: &Path, payload: &[u8]) -> Result<SshSignature, ReviewError> {
    let out = run(
        Command::new("ssh-keygen")
            .args(["-q", "-Y", "sign", "-n", NAMESPACE, "-f"])
            .arg(key),
        payload,
    )
    .map_err(|e| ReviewError::Signing(format!("ssh-keygen -Y sign -f {}: {e}", key.display())))?;
    let armored = String::from_utf8_lossy(&out).trim().to_string();
    if !armored.starts_with("-----BEGIN SSH SIGNATURE-----") {
        return Err(ReviewError::Signing(format!(
            "ssh-keygen -Y sign -f {} gave no signature",
            key.display()
        )));
    }
    Ok(SshSignature {
        fingerprint: fingerprint(key)?,
        armored,
    })
}

/// The fingerprint of a key (its `.pub` beside it when there is one, so a passphrase is not
/// asked for).
pub fn fingerprint(key: &Path) -> Result<String, ReviewError> {
    let public = PathBuf::from(format!("{}.pub", key.display()));
    let file = if public.is_file() {
        public
    } else {
        key.to_path_buf()
    };
    let out = run(
        Command::new("ssh-keygen").arg("-l").arg("-f").arg(&file),
        b"",
    )
    .map_err(|e| ReviewError::Signing(format!("ssh-keygen -l -f {}: {e}", file.display())))?;
    String::from_utf8_lossy(&out)
        .split_whitespace()
        .nth(1)
        .map(str::to_string)
        .ok_or_else(|| ReviewError::Signing(format!("no fingerprint for {}", file.display())))
}

/// Check a signature over `payload` against an allowed signers file.
pub fn verify(allowed_signers: &Path, payload: &[u8], sig: &SshSignature) -> SignatureCheck {
    let sig_file = TempFile::new(sig.armored.as_bytes());
    let sig_file = match sig_file {
        Ok(f) => f,
        Err(e) => {
            return SignatureCheck::Bad {
                reason: format!("cannot write a temporary file: {e}"),
            };
        }
    };
    let principals = run(
        Command::new("ssh-keygen")
            .args(["-Y", "find-principals", "-s"])
            .arg(&sig_file.0)
            .arg("-f")
            .arg(allowed_signers),
        b"",
    );
    let principal = match principals {
        Ok(out) => String::from_utf8_lossy(&out)
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .to_string(),
        Err(e) => {
            return SignatureCheck::Bad {
                reason: format!("the key {} is not an allowed signer ({e})", sig.fingerprint),
            };
        }
    };
    let checked = run(
        Command::new("ssh-keygen")
            .args(["-Y", "verify", "-n", NAMESPACE, "-f"])
            .arg(allowed_signers)
            .arg("-I")
            .arg(&principal)
            .arg("-s")
            .arg(&sig_file.0),
        payload,
    );
    match checked {
        Ok(out) => {
            let text = String::from_utf8_lossy(&out);
            let fingerprint = text
                .split_whitespace()
                .find(|w| w.starts_with("SHA256:"))
                .unwrap_or(&sig.fingerprint)
                .to_string();
            SignatureCheck::Good {
                principal,
                fingerprint,
            }
        }
        Err(e) => SignatureCheck::Bad {
            reason: e.to_string(),
        },
    }
}

/// Run a command with `input` on its standard input; its standard output, or what it said
/// on standard error when it failed.
fn run(cmd: &mut Command, input: &[u8]) -> Result<Vec<u8>, String> {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run ssh-keygen: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A command that does not read its input closes the pipe: not an error here.
        let _ = stdin.write_all(input);
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("ssh-keygen failed: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        let err = err
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with("Signing data"))
            .collect::<Vec<_>>()
            .join("; ");
        Err(if err.is_empty() {
            format!("exit status {}", out.status)
        } else {
            err
        })
    }
}

/// A temporary file removed when dropped (the signature ssh-keygen reads from a path).
struct TempFile(PathBuf);

impl TempFile {
    fn new(bytes: &[u8]) -> std::io::Result<TempFile> {
        static N: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "nianbao-sig-{}-{}.sig",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, bytes)?;
        Ok(TempFile(path))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
