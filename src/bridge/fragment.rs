//! Reads the hosted page's URL fragment: `#cs=…&ch=…&po=…&locale=…&appearance=…`.
//! The fragment never reaches a server, so the client secret never lands in a log.

/// What the embedding page passed in the fragment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fragment {
    /// The session's client secret.
    pub client_secret: String,
    /// Per-mount channel id (embedded by `checkout.js` or the npm package).
    pub channel: Option<String>,
    /// The merchant page's origin (to be checked against `allowed_origins`).
    pub parent_origin: Option<String>,
    /// Locale to render in before the session's is known, or to override it.
    pub locale: Option<String>,
    /// Appearance JSON.
    pub appearance: Option<String>,
}

/// Parses the fragment (with or without the leading `#`); names the first bad part.
pub fn parse_fragment(hash: &str) -> Result<Fragment, String> {
    let mut f = Fragment::default();
    for pair in hash
        .trim_start_matches('#')
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = decode(v).ok_or_else(|| format!("fragment: {k} is not valid percent-encoding"))?;
        match k {
            "cs" => f.client_secret = v,
            "ch" => f.channel = Some(v),
            "po" => f.parent_origin = Some(v),
            "locale" => f.locale = Some(v),
            "appearance" => f.appearance = Some(v),
            _ => {}
        }
    }
    if f.client_secret.is_empty() || f.client_secret.len() > 256 {
        return Err("fragment: expected cs={client secret}".into());
    }
    if let Some(ch) = &f.channel {
        if !checkout_core::protocol::is_channel(ch) {
            return Err("fragment: ch must be 1 to 64 characters of A-Z a-z 0-9 _ -".into());
        }
    }
    if let Some(po) = &f.parent_origin {
        if !checkout_core::fields::is_origin(po) {
            return Err("fragment: po must be an origin such as https://shop.example".into());
        }
    }
    Ok(f)
}

/// Percent-decoding (`%2F` → `/`); `None` on a bad escape or invalid UTF-8.
fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_part() {
        let f =
            parse_fragment("#cs=hcs_secret_x&ch=khc_1&po=https%3A%2F%2Fshop.example&locale=de-DE")
                .unwrap();
        assert_eq!(f.client_secret, "hcs_secret_x");
        assert_eq!(f.channel.as_deref(), Some("khc_1"));
        assert_eq!(f.parent_origin.as_deref(), Some("https://shop.example"));
        assert_eq!(f.locale.as_deref(), Some("de-DE"));
    }

    #[test]
    fn names_what_is_wrong() {
        assert!(parse_fragment("").unwrap_err().contains("cs="));
        assert!(parse_fragment("#cs=x&ch=a/b").unwrap_err().contains("ch"));
        assert!(parse_fragment("#cs=x&po=https%3A%2F%2Fa.example%2Fpath")
            .unwrap_err()
            .contains("po"));
        assert!(parse_fragment("#cs=x&po=%zz")
            .unwrap_err()
            .contains("percent"));
    }
}
