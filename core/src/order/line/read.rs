//! Reading `order_lines` from a request body: every field of every line
//! checked and each bad one named by its path.

use super::{LineType, OrderLine, ProductIdentifiers};
use crate::fields::{is_http_url, Fields};
use crate::money::MAX_AMOUNT_MINOR;
use crate::session::MAX_URL_LEN;
use crate::text::check_text;

/// Most order lines in one body.
pub const MAX_ORDER_LINES: usize = 1000;

/// What an empty `order_lines` array is told.
pub const EMPTY_ORDER_LINES: &str =
    "expected at least one order line (the lines add up to amount), or leave order_lines out";

/// Reads `order_lines` as [`read_order_lines`] does, refusing an empty array:
/// a capture's or refund's lines add up to its amount, which is at least 1,
/// so `[]` there can only be a mistake (sessions take `[]` as no lines).
pub fn read_nonempty_order_lines(f: &mut Fields<'_>) -> Option<Vec<OrderLine>> {
    if f.raw("order_lines")
        .and_then(|v| v.as_array())
        .is_some_and(|a| a.is_empty())
    {
        f.fail("order_lines", EMPTY_ORDER_LINES);
        return None;
    }
    read_order_lines(f)
}

/// Reads `order_lines` (absent: `None`), naming every bad field of every line.
pub fn read_order_lines(f: &mut Fields<'_>) -> Option<Vec<OrderLine>> {
    let v = f.raw("order_lines")?;
    let Some(arr) = v.as_array() else {
        f.fail("order_lines", "expected an array of order lines");
        return None;
    };
    if arr.len() > MAX_ORDER_LINES {
        f.fail(
            "order_lines",
            format!("expected at most {MAX_ORDER_LINES} order lines"),
        );
        return None;
    }
    let mut lines = Vec::new();
    for (i, item) in arr.iter().enumerate() {
        let path = format!("{}[{i}]", f.path("order_lines"));
        let mut errs = Vec::new();
        if let Some(mut l) = Fields::new(item, &path, &mut errs) {
            if let Some(line) = read_line(&mut l) {
                lines.push(line);
            }
            l.finish(&mut errs);
        }
        f.errors.append(&mut errs);
    }
    Some(lines)
}

fn text(l: &mut Fields<'_>, name: &'static str, max: usize) -> Option<String> {
    let s = l.string(name, false)?;
    match check_text(s, 1, max) {
        Ok(()) => Some(s.to_string()),
        Err(e) => {
            l.fail(name, e);
            None
        }
    }
}

/// Reads one line; `None` when a required field is missing or malformed
/// (the errors are recorded in `l`).
fn read_line(l: &mut Fields<'_>) -> Option<OrderLine> {
    let line_type = l.string("type", false).and_then(|t| {
        let parsed = LineType::parse(t);
        if parsed.is_none() {
            let all: Vec<&str> = LineType::ALL.iter().map(|t| t.as_str()).collect();
            l.fail("type", format!("expected one of {}", all.join(", ")));
        }
        parsed
    });
    let name = l.string("name", true);
    if let Some(Err(e)) = name.map(|n| check_text(n, 1, 255)) {
        l.fail("name", e);
    }
    let reference = text(l, "reference", 255);
    let quantity = l.integer("quantity", true);
    if quantity.is_some_and(|q| !(1..=1_000_000).contains(&q)) {
        l.fail("quantity", "expected an integer from 1 to 1000000");
    }
    let quantity_unit = text(l, "quantity_unit", 10);
    let unit_price = l.integer("unit_price", true);
    let total_amount = l.integer("total_amount", true);
    let negative_ok = line_type.unwrap_or_default().may_be_negative();
    for (name, v) in [("unit_price", unit_price), ("total_amount", total_amount)] {
        match v {
            Some(a) if a.unsigned_abs() > MAX_AMOUNT_MINOR.unsigned_abs() => l.fail(
                name,
                format!("expected minor units of at most {MAX_AMOUNT_MINOR}"),
            ),
            Some(a) if a < 0 && !negative_ok => l.fail(
                name,
                "expected minor units from 0 upwards (only discount, gift_card and store_credit lines may be negative)",
            ),
            _ => {}
        }
    }
    let discount = l.integer("total_discount_amount", false);
    if discount.is_some_and(|d| !(0..=MAX_AMOUNT_MINOR).contains(&d)) {
        l.fail(
            "total_discount_amount",
            "expected minor units from 0 upwards",
        );
    }
    let tax_rate = l.integer("tax_rate", false);
    if tax_rate.is_some_and(|r| !(0..=10_000).contains(&r)) {
        l.fail(
            "tax_rate",
            "expected basis points from 0 to 10000 (2500 = 25 %)",
        );
    }
    let tax = l.integer("total_tax_amount", false);
    if tax.is_some_and(|t| t.unsigned_abs() > MAX_AMOUNT_MINOR.unsigned_abs()) {
        l.fail(
            "total_tax_amount",
            format!("expected minor units of at most {MAX_AMOUNT_MINOR}"),
        );
    }
    let mut urls = [None, None];
    for (slot, name) in urls.iter_mut().zip(["image_url", "product_url"]) {
        let url = l.string(name, false);
        if url.is_some_and(|u| !is_http_url(u) || u.len() > MAX_URL_LEN) {
            l.fail(
                name,
                format!("expected an absolute http(s) URL of at most {MAX_URL_LEN} characters"),
            );
        }
        *slot = url.map(str::to_string);
    }
    let [image_url, product_url] = urls;
    let product_identifiers = read_identifiers(l);
    let line = OrderLine {
        line_type,
        name: name?.to_string(),
        reference,
        quantity: quantity?,
        quantity_unit,
        unit_price: unit_price?,
        tax_rate,
        total_amount: total_amount?,
        total_discount_amount: discount,
        total_tax_amount: tax,
        image_url,
        product_url,
        product_identifiers,
    };
    if l.errors.is_empty() {
        crate::order::rules::check_line(l, &line);
    }
    Some(line)
}

fn read_identifiers(l: &mut Fields<'_>) -> Option<ProductIdentifiers> {
    let v = l.raw("product_identifiers")?;
    let path = l.path("product_identifiers");
    let mut errs = Vec::new();
    let Some(mut p) = Fields::new(v, &path, &mut errs) else {
        l.errors.append(&mut errs);
        return None;
    };
    let ids = ProductIdentifiers {
        brand: text(&mut p, "brand", 70),
        category_path: text(&mut p, "category_path", 750),
        global_trade_item_number: p.string("global_trade_item_number", false).and_then(|g| {
            let ok = matches!(g.len(), 8 | 12 | 13 | 14) && g.bytes().all(|b| b.is_ascii_digit());
            if !ok {
                p.fail(
                    "global_trade_item_number",
                    "expected a GTIN of 8, 12, 13 or 14 digits",
                );
            }
            ok.then(|| g.to_string())
        }),
        manufacturer_part_number: text(&mut p, "manufacturer_part_number", 70),
    };
    p.finish(&mut errs);
    l.errors.append(&mut errs);
    Some(ids)
}
