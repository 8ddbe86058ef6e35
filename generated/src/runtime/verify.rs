//! Telling a genuine webhook delivery from a forgery: the signature schemes senders use
//! (Standard Webhooks, and a plain HMAC-SHA256 of the body in one header), checked in
//! constant time, with the replay window of a signed timestamp.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use reqwest::header::HeaderMap;
use sha2::Sha256;

/// How far a Standard Webhooks timestamp may be from the receiver's clock, either way, by
/// default: the specification's recommendation, wide enough for clock skew and a retried
/// delivery's queueing, narrow enough that a captured delivery cannot be replayed later.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// The headers of a Standard Webhooks delivery.
const ID: &str = "webhook-id";
const TIMESTAMP: &str = "webhook-timestamp";
const SIGNATURE: &str = "webhook-signature";

/// How a plain HMAC signature header writes the MAC's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureEncoding {
    /// Hexadecimal, either case (GitHub's `X-Hub-Signature-256`).
    Hex,
    /// Standard base64 with padding (Shopify's `X-Shopify-Hmac-Sha256`).
    Base64,
}

/// Checks the signature of a webhook delivery with the secret shared with its sender.
///
/// Built with [`WebhookVerifier::standard`] or [`WebhookVerifier::hmac_sha256`]; `Debug`
/// never prints the secret.
#[derive(Clone)]
pub struct WebhookVerifier {
    key: Vec<u8>,
    scheme: Scheme,
}

#[derive(Clone)]
enum Scheme {
    /// `webhook-id`, `webhook-timestamp` and `webhook-signature`.
    Standard { tolerance: Duration },
    /// The MAC of the body alone in `header`, after `prefix`.
    Hmac { header: String, prefix: String, encoding: SignatureEncoding },
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.scheme {
            Scheme::Standard { tolerance } => f
                .debug_struct("WebhookVerifier::Standard")
                .field("secret", &"<redacted>")
                .field("tolerance", tolerance)
                .finish(),
            Scheme::Hmac { header, prefix, encoding } => f
                .debug_struct("WebhookVerifier::HmacSha256")
                .field("secret", &"<redacted>")
                .field("header", header)
                .field("prefix", prefix)
                .field("encoding", encoding)
                .finish(),
        }
    }
}

impl WebhookVerifier {
    /// The Standard Webhooks scheme (<https://www.standardwebhooks.com/>): the sender signs
    /// `{webhook-id}.{webhook-timestamp}.{body}` with HMAC-SHA256 and sends
    /// `webhook-signature: v1,<base64>`, several space-separated during a key rotation.
    /// `secret` is the base64 key the sender shows, with or without its `whsec_` prefix; one
    /// that is not base64 is [`VerifyError::BadSecret`]. Timestamps may be
    /// [`DEFAULT_TOLERANCE`] away from now unless [`WebhookVerifier::tolerance`] says.
    pub fn standard(secret: &str) -> Result<Self, VerifyError> {
        let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
        let key = STANDARD
            .decode(encoded)
            .map_err(|error| VerifyError::BadSecret(format!("not base64: {error}")))?;
        if key.is_empty() {
            return Err(VerifyError::BadSecret("empty".to_owned()));
        }
        Ok(WebhookVerifier { key, scheme: Scheme::Standard { tolerance: DEFAULT_TOLERANCE } })
    }

    /// A plain HMAC-SHA256 of the raw body, keyed by `secret` as it is (its bytes, not
    /// decoded), written in header `header` as `encoding` says. GitHub's
    /// `X-Hub-Signature-256: sha256=<hex>` is
    /// `hmac_sha256("x-hub-signature-256", secret, SignatureEncoding::Hex).prefix("sha256=")`.
    pub fn hmac_sha256(
        header: impl Into<String>,
        secret: impl AsRef<[u8]>,
        encoding: SignatureEncoding,
    ) -> Self {
        WebhookVerifier {
            key: secret.as_ref().to_vec(),
            scheme: Scheme::Hmac { header: header.into(), prefix: String::new(), encoding },
        }
    }

    /// What the signature header starts with before the MAC (`sha256=`); a header without
    /// it is [`VerifyError::MalformedHeader`]. Only a plain HMAC has one.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        if let Scheme::Hmac { prefix: slot, .. } = &mut self.scheme {
            *slot = prefix.into();
        }
        self
    }

    /// How far a signed timestamp may be from now, in either direction (5 minutes unless
    /// set). Only the Standard Webhooks scheme signs a timestamp.
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        if let Scheme::Standard { tolerance: slot } = &mut self.scheme {
            *slot = tolerance;
        }
        self
    }

    /// Checks that `body`, delivered with `headers`, was signed with this secret (and, for
    /// a timestamped scheme, recently, by the system clock).
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), VerifyError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// [`WebhookVerifier::verify`] with `now` as the time the delivery arrived.
    pub fn verify_at(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), VerifyError> {
        match &self.scheme {
            Scheme::Standard { tolerance } => {
                let id = header(headers, ID)?;
                let timestamp = header(headers, TIMESTAMP)?;
                let signatures = header(headers, SIGNATURE)?;
                let sent: i64 = timestamp.parse().map_err(|_| VerifyError::MalformedHeader {
                    header: TIMESTAMP.to_owned(),
                    reason: "not a whole number of seconds since 1970".to_owned(),
                })?;
                check_time(sent, now, *tolerance)?;
                let mut mac = self.mac()?;
                mac.update(id.as_bytes());
                mac.update(b".");
                mac.update(timestamp.as_bytes());
                mac.update(b".");
                mac.update(body);
                // Any one of the signatures will do: the sender signs with the old key and
                // the new one while it rotates them. Entries of other versions (`v1a`, an
                // asymmetric signature) or not base64 are not ours to check.
                let matches = signatures
                    .split(' ')
                    .filter_map(|entry| entry.strip_prefix("v1,"))
                    .filter_map(|signature| STANDARD.decode(signature).ok())
                    .any(|signature| mac.clone().verify_slice(&signature).is_ok());
                if matches { Ok(()) } else { Err(VerifyError::BadSignature) }
            }
            Scheme::Hmac { header: name, prefix, encoding } => {
                let value = header(headers, name)?;
                let malformed =
                    |reason: String| VerifyError::MalformedHeader { header: name.clone(), reason };
                let encoded = value
                    .strip_prefix(prefix.as_str())
                    .ok_or_else(|| malformed(format!("does not start with `{prefix}`")))?;
                let signature = match encoding {
                    SignatureEncoding::Hex => {
                        hex(encoded).ok_or_else(|| malformed("not hexadecimal".to_owned()))?
                    }
                    SignatureEncoding::Base64 => STANDARD
                        .decode(encoded)
                        .map_err(|error| malformed(format!("not base64: {error}")))?,
                };
                let mut mac = self.mac()?;
                mac.update(body);
                mac.verify_slice(&signature).map_err(|_| VerifyError::BadSignature)
            }
        }
    }

    fn mac(&self) -> Result<Hmac<Sha256>, VerifyError> {
        // HMAC takes a key of any length; the error exists for MACs that do not.
        Hmac::<Sha256>::new_from_slice(&self.key)
            .map_err(|_| VerifyError::BadSecret("not a valid HMAC key".to_owned()))
    }
}

/// The value of header `name`, which must be there once and be visible ASCII.
fn header<'h>(headers: &'h HeaderMap, name: &str) -> Result<&'h str, VerifyError> {
    let value = headers.get(name).ok_or_else(|| VerifyError::MissingHeader(name.to_owned()))?;
    value.to_str().map(str::trim).map_err(|_| VerifyError::MalformedHeader {
        header: name.to_owned(),
        reason: "not visible ASCII".to_owned(),
    })
}

/// Refuses a timestamp (seconds since 1970) more than `tolerance` before or after `now`.
fn check_time(sent: i64, now: SystemTime, tolerance: Duration) -> Result<(), VerifyError> {
    // In i128, so that no timestamp a header can hold overflows the difference.
    let now = match now.duration_since(UNIX_EPOCH) {
        Ok(after) => i128::from(after.as_secs()),
        Err(before) => -i128::from(before.duration().as_secs()),
    };
    let age = now - i128::from(sent);
    let tolerance_secs = i128::from(tolerance.as_secs());
    let seconds = |difference: i128| u64::try_from(difference.unsigned_abs()).unwrap_or(u64::MAX);
    if age > tolerance_secs {
        Err(VerifyError::TooOld { age: seconds(age), tolerance: tolerance.as_secs() })
    } else if -age > tolerance_secs {
        Err(VerifyError::TooNew { ahead: seconds(age), tolerance: tolerance.as_secs() })
    } else {
        Ok(())
    }
}

/// The bytes of hexadecimal `text`, or `None` if it is not an even number of hex digits.
fn hex(text: &str) -> Option<Vec<u8>> {
    let digits = text.as_bytes();
    if digits.len() % 2 != 0 {
        return None;
    }
    let value = |digit: u8| char::from(digit).to_digit(16).and_then(|v| u8::try_from(v).ok());
    digits
        .chunks(2)
        .map(|pair| match *pair {
            [high, low] => Some(value(high)? << 4 | value(low)?),
            _ => None,
        })
        .collect()
}

/// Why a webhook delivery was not accepted as genuine.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// The delivery lacks a header the scheme needs; holds its name, as the verifier names
    /// it.
    MissingHeader(String),
    /// A header the scheme needs cannot be read.
    MalformedHeader {
        /// The header's name, as the verifier names it.
        header: String,
        /// What is wrong with it.
        reason: String,
    },
    /// No signature in the delivery is the body's, signed with this secret: a forgery, a
    /// body changed on the way, or another secret.
    BadSignature,
    /// The signed timestamp is further in the past than the tolerance: possibly a replay.
    TooOld {
        /// Seconds between the timestamp and now.
        age: u64,
        /// The tolerance, in seconds.
        tolerance: u64,
    },
    /// The signed timestamp is further in the future than the tolerance.
    TooNew {
        /// Seconds between now and the timestamp.
        ahead: u64,
        /// The tolerance, in seconds.
        tolerance: u64,
    },
    /// The secret given to the verifier cannot be a key of its scheme.
    BadSecret(String),
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::MissingHeader(name) => {
                write!(f, "webhook delivery has no `{name}` header")
            }
            VerifyError::MalformedHeader { header, reason } => {
                write!(f, "webhook header `{header}` is malformed: {reason}")
            }
            VerifyError::BadSignature => {
                f.write_str("no webhook signature matches the body and the secret")
            }
            VerifyError::TooOld { age, tolerance } => write!(
                f,
                "webhook timestamp is {age} s old, more than the {tolerance} s tolerated (a replay?)"
            ),
            VerifyError::TooNew { ahead, tolerance } => write!(
                f,
                "webhook timestamp is {ahead} s in the future, more than the {tolerance} s tolerated"
            ),
            VerifyError::BadSecret(reason) => write!(f, "invalid webhook secret: {reason}"),
        }
    }
}

impl std::error::Error for VerifyError {}
