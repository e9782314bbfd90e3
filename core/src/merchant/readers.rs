//! The parts of the operator's merchant bodies (contact, business entity,
//! stores, labelled methods, Klarna ids), each read with its path.

use super::{Address, BusinessEntity, Contact, KlarnaIds, OtherMethodLabels, Store};
use crate::fields::{is_http_url, Fields};
use crate::origin::check_origin;
use crate::text::{check_id, check_text};

/// A reference or id of ours: 1 to 64 of `A-Z a-z 0-9 . _ -`.
pub(super) fn is_reference(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

pub(super) fn text(
    f: &mut Fields<'_>,
    name: &'static str,
    required: bool,
    max: usize,
) -> Option<String> {
    let s = f.string(name, required)?;
    match check_text(s, 1, max) {
        Ok(()) => Some(s.to_string()),
        Err(e) => {
            f.fail(name, e);
            None
        }
    }
}

pub(super) fn country_code(f: &mut Fields<'_>, name: &'static str) -> Option<String> {
    let s = f.string(name, true)?;
    if crate::countries::is_country(s) {
        Some(s.to_string())
    } else {
        f.fail(
            name,
            "expected an ISO 3166-1 alpha-2 country code in upper case, e.g. DE",
        );
        None
    }
}

/// Reads the object at `name` with `read`; `None` (after naming the
/// problem) when it is absent but required, or not an object.
pub(super) fn object<T>(
    f: &mut Fields<'_>,
    name: &'static str,
    required: bool,
    read: impl FnOnce(&mut Fields<'_>) -> Option<T>,
) -> Option<T> {
    let v = if required {
        f.required(name)
    } else {
        f.raw(name)
    }?;
    let path = f.path(name);
    let mut errs = Vec::new();
    let out = Fields::new(v, &path, &mut errs).and_then(|mut o| {
        let out = read(&mut o);
        o.finish(&mut errs);
        out
    });
    f.errors.append(&mut errs);
    out
}

pub(super) fn contact(f: &mut Fields<'_>) -> Option<Contact> {
    let email = f.string("email", true).and_then(|e| {
        let ok = check_text(e, 3, 254).is_ok()
            && !e.contains(char::is_whitespace)
            && e.split_once('@')
                .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'));
        if !ok {
            f.fail(
                "email",
                "expected an e-mail address of at most 254 characters",
            );
        }
        ok.then(|| e.to_string())
    });
    let given_name = text(f, "given_name", false, 100);
    let family_name = text(f, "family_name", false, 100);
    let phone = f.string("phone", false).and_then(|p| {
        let digits = p.strip_prefix('+').unwrap_or("");
        let ok = (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
        if !ok {
            f.fail(
                "phone",
                "expected E.164: + and 8 to 15 digits, e.g. +4930123456",
            );
        }
        ok.then(|| p.to_string())
    });
    Some(Contact {
        email: email?,
        given_name,
        family_name,
        phone,
    })
}

pub(super) fn business_entity(f: &mut Fields<'_>) -> Option<BusinessEntity> {
    let registered_name = text(f, "registered_name", true, 255);
    let registration_number = f.string("registration_number", true).and_then(|n| {
        let ok = (1..=64).contains(&n.len())
            && n.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'.' | b'/' | b'-'));
        if !ok {
            f.fail(
                "registration_number",
                "expected 1 to 64 of A-Z, 0-9, space, '.', '/', '-'",
            );
        }
        ok.then(|| n.to_string())
    });
    let country = country_code(f, "country");
    let address = object(f, "address", true, |a| {
        let street_address = text(a, "street_address", true, 255);
        let postal_code = text(a, "postal_code", true, 16);
        let city = text(a, "city", true, 128);
        let country = country_code(a, "country");
        Some(Address {
            street_address: street_address?,
            postal_code: postal_code?,
            city: city?,
            country: country?,
        })
    });
    Some(BusinessEntity {
        registered_name: registered_name?,
        registration_number: registration_number?,
        country: country?,
        address: address?,
    })
}

pub(super) fn mcc(f: &mut Fields<'_>, required: bool) -> Option<String> {
    let m = f.string("merchant_category_code", required)?;
    if m.len() == 4 && m.bytes().all(|b| b.is_ascii_digit()) {
        Some(m.to_string())
    } else {
        f.fail(
            "merchant_category_code",
            "expected an ISO 18245 merchant category code of four digits, e.g. 5661",
        );
        None
    }
}

/// Each element of the array at `name`, read by `read` with its path.
pub(super) fn array<T>(
    f: &mut Fields<'_>,
    name: &'static str,
    required: bool,
    max: usize,
    mut read: impl FnMut(&mut Fields<'_>) -> Option<T>,
) -> Option<Vec<T>> {
    let v = if required {
        f.required(name)
    } else {
        f.raw(name)
    }?;
    let Some(items) = v.as_array() else {
        f.fail(name, "expected an array");
        return None;
    };
    if items.is_empty() || items.len() > max {
        f.fail(name, format!("expected 1 to {max} entries"));
        return None;
    }
    let mut out = Vec::new();
    let mut errs = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("{}[{i}]", f.path(name));
        if let Some(mut o) = Fields::new(item, &path, &mut errs) {
            let r = read(&mut o);
            o.finish(&mut errs);
            out.extend(r);
        }
    }
    let ok = errs.is_empty();
    f.errors.append(&mut errs);
    ok.then_some(out)
}

pub(super) fn store(f: &mut Fields<'_>, http_loopback: bool) -> Option<Store> {
    let name = text(f, "name", true, 255);
    let url = f.string("url", true).and_then(|u| {
        let origin = u
            .split_once("://")
            .map(|(s, r)| format!("{s}://{}", r.split(['/', '?', '#']).next().unwrap_or("")));
        let checked = match origin {
            Some(o) if is_http_url(u) && u.len() <= 2048 => check_origin(&o, http_loopback),
            _ => Err("expected an absolute https URL of at most 2048 characters".to_string()),
        };
        match checked {
            Ok(()) => Some(u.to_string()),
            Err(e) => {
                f.fail("url", e);
                None
            }
        }
    });
    Some(Store {
        name: name?,
        url: url?,
    })
}

pub(super) fn other_method(f: &mut Fields<'_>) -> Option<OtherMethodLabels> {
    let id = f.string("id", true).and_then(|i| {
        let ok = is_reference(i);
        if !ok {
            f.fail("id", "expected 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        ok.then(|| i.to_string())
    });
    let labels = object(f, "labels", true, |l| {
        let mut out = Vec::new();
        let entries = l.take_all();
        let none = entries.is_empty();
        for (tag, v) in entries {
            let tag_ok = (2..=12).contains(&tag.len())
                && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            match v.as_str().map(|t| (t, check_text(t, 1, 64))) {
                Some((t, Ok(()))) if tag_ok => out.push((tag.clone(), t.to_string())),
                Some((_, Ok(()))) => l.fail(
                    &tag,
                    "expected a language tag such as de or de-CH as the key",
                ),
                Some((_, Err(e))) => l.fail(&tag, e),
                None => l.fail(&tag, "expected a string"),
            }
        }
        if none {
            l.fail(
                "$",
                "expected at least one label, such as {\"en\": \"Card\"}",
            );
        }
        Some(out)
    });
    Some(OtherMethodLabels {
        id: id?,
        labels: labels?,
    })
}

pub(super) fn klarna_ids(f: &mut Fields<'_>) -> Option<KlarnaIds> {
    let mut id = |name: &'static str| {
        let s = f.string(name, false)?;
        match check_id(s, 255) {
            Ok(()) => Some(s.to_string()),
            Err(e) => {
                f.fail(name, e);
                None
            }
        }
    };
    let partner_account_id = id("partner_account_id");
    let payment_account_id = id("payment_account_id");
    Some(KlarnaIds {
        partner_account_id,
        payment_account_id,
    })
}
