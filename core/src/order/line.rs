//! One order line as Klarna's line items take it, and its reader.
//!
//! The fields are those of Klarna's order lines (`type`, `reference`,
//! `quantity_unit`, `tax_rate` in basis points, `total_tax_amount`,
//! `total_discount_amount`, URLs and product identifiers); only `name`,
//! `quantity`, `unit_price` and `total_amount` are required, so the bodies
//! of before still read the same. The totals rules are in
//! [`super::rules`].

mod read;

pub use read::{read_nonempty_order_lines, read_order_lines, EMPTY_ORDER_LINES, MAX_ORDER_LINES};

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
