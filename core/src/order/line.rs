//! One order line as Klarna's line items take it, and its reader.
//!
//! The fields are those of Klarna's order lines (`type`, `reference`,
//! `quantity_unit`, `tax_rate` in basis points, `total_tax_amount`,
//! `total_discount_amount`, URLs and product identifiers); only `name`,
//! `quantity`, `unit_price` and `total_amount` are required, so the bodies
//! of before still read the same. The totals rules are in
//! [`super::rules`].

use crate::fields::{is_http_url, Fields};
use crate::money::MAX_AMOUNT_MINOR;
use crate::session::MAX_URL_LEN;
use crate::text::check_text;
use serde::{Deserialize, Serialize};

/// Klarna's line types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LineType {
    /// A physical good (the default).
    #[default]
    Physical,
    /// A digital good.
    Digital,
    /// Shipping.
    ShippingFee,
    /// A discount (negative).
    Discount,
    /// A gift card paying part of the order (negative).
    GiftCard,
    /// Store credit paying part of the order (negative).
    StoreCredit,
    /// A surcharge.
    Surcharge,
    /// Sales tax as its own line (US style).
    SalesTax,
}

impl LineType {
    /// Every type, in the order the docs list them.
    pub const ALL: [LineType; 8] = [
        LineType::Physical,
        LineType::Digital,
        LineType::ShippingFee,
        LineType::Discount,
        LineType::GiftCard,
        LineType::StoreCredit,
        LineType::Surcharge,
        LineType::SalesTax,
    ];

    /// The wire name (`physical`, `gift_card`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            LineType::Physical => "physical",
            LineType::Digital => "digital",
            LineType::ShippingFee => "shipping_fee",
            LineType::Discount => "discount",
            LineType::GiftCard => "gift_card",
            LineType::StoreCredit => "store_credit",
            LineType::Surcharge => "surcharge",
            LineType::SalesTax => "sales_tax",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<LineType> {
        LineType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Whether lines of this type may carry negative amounts (they take
    /// money off the order: discounts, gift cards, store credit).
    pub fn may_be_negative(self) -> bool {
        matches!(
            self,
            LineType::Discount | LineType::GiftCard | LineType::StoreCredit
        )
    }
}

/// What identifies the product (Klarna's `product_identifiers`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductIdentifiers {
    /// The brand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// Category path, e.g. `Shoes > Sneakers`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_path: Option<String>,
    /// GTIN (EAN, UPC, ISBN): 8, 12, 13 or 14 digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global_trade_item_number: Option<String>,
    /// The manufacturer's part number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer_part_number: Option<String>,
}

/// One order line, amounts in minor units (tax included, like Klarna's).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderLine {
    /// Klarna's line type; `physical` when absent.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub line_type: Option<LineType>,
    /// Product name shown to the shopper.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 255))]
    pub name: String,
    /// The merchant's SKU or article number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Quantity, at least 1.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000000))]
    pub quantity: i64,
    /// Unit of the quantity (`pcs`, `kg`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity_unit: Option<String>,
    /// Price of one unit before the discount, minor units (negative only on
    /// `discount`, `gift_card` and `store_credit` lines).
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = -100_000_000_000_i64, maximum = 100_000_000_000_i64)
    )]
    pub unit_price: i64,
    /// Tax rate in basis points (2500 = 25 %).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_rate: Option<i64>,
    /// `quantity × unit_price − total_discount_amount`, minor units.
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = -100_000_000_000_i64, maximum = 100_000_000_000_i64)
    )]
    pub total_amount: i64,
    /// Discount on the line, minor units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_discount_amount: Option<i64>,
    /// Tax included in `total_amount`, minor units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_tax_amount: Option<i64>,
    /// Product image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 2048))]
    pub image_url: Option<String>,
    /// Product page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 2048))]
    pub product_url: Option<String>,
    /// Brand, category, GTIN, part number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_identifiers: Option<ProductIdentifiers>,
}

impl OrderLine {
    /// The line's type (`physical` when the merchant named none).
    pub fn kind(&self) -> LineType {
        self.line_type.unwrap_or_default()
    }
}

/// Most order lines in one body.
pub const MAX_ORDER_LINES: usize = 1000;

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
        super::rules::check_line(l, &line);
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
