//! The sandbox's personas: Klarna's test e-mail addresses
//! (`customer+<cc>[+persona]@klarna.com`) decide what the emulated Klarna
//! answers (`docs/sandbox.md`).

/// A sandbox persona, chosen by `customer+<cc>[+persona]@klarna.com`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persona {
    /// Approves at once (also any other address, or none).
    Approve,
    /// Declines.
    Denied,
    /// Asks for a purchase journey the shopper completes.
    StepUp,
    /// Asks for a purchase journey the shopper closes.
    Abort,
    /// Klarna fails with a 5xx.
    Error,
}

impl Persona {
    /// The persona's name (`approve`, `denied`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Persona::Approve => "approve",
            Persona::Denied => "denied",
            Persona::StepUp => "stepup",
            Persona::Abort => "abort",
            Persona::Error => "error",
        }
    }

    /// Parses a persona name.
    pub fn parse(s: &str) -> Option<Persona> {
        [
            Persona::Approve,
            Persona::Denied,
            Persona::StepUp,
            Persona::Abort,
            Persona::Error,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

/// The persona of an e-mail address (the last `+tag` of the local part).
pub fn persona(email: Option<&str>) -> Persona {
    let local = email
        .and_then(|e| e.split_once('@'))
        .map(|(l, _)| l.to_ascii_lowercase());
    let tag = local
        .as_deref()
        .and_then(|l| l.rsplit_once('+'))
        .map(|(_, t)| t.to_string());
    tag.as_deref()
        .and_then(Persona::parse)
        .unwrap_or(Persona::Approve)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personas_by_email() {
        let cases = [
            (Some("customer+de@klarna.com"), Persona::Approve),
            (Some("customer+de+denied@klarna.com"), Persona::Denied),
            (Some("Customer+SE+StepUp@klarna.com"), Persona::StepUp),
            (Some("customer+de+abort@klarna.com"), Persona::Abort),
            (Some("customer+de+error@klarna.com"), Persona::Error),
            (Some("someone@example.com"), Persona::Approve),
            (None, Persona::Approve),
        ];
        for (email, want) in cases {
            assert_eq!(persona(email), want, "{email:?}");
        }
    }
}
