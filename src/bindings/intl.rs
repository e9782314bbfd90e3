//! Locale-aware amount formatting through the browser's `Intl.NumberFormat`.

use checkout_core::money::{decimal, minor_exponent};
use wasm_bindgen::JsValue;

/// `Intl.NumberFormat`'s options for a currency amount. Both fraction
/// digits are the currency's minor exponent, the one the server charges in:
/// Intl's own default differs for some (CLDR writes HUF without fillér, so
/// 1234.56 HUF would show as 1235 Ft).
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct CurrencyFormat<'a> {
    style: &'a str,
    currency: &'a str,
    minimum_fraction_digits: u8,
    maximum_fraction_digits: u8,
}

/// Formats minor units the way `locale` writes money (`118,00 €` in de-DE).
/// Falls back to `118.00 EUR` when `Intl` rejects the locale or currency.
pub fn format_amount(minor: i64, code: &str, locale: &str) -> String {
    let exp = minor_exponent(code);
    let plain = || format!("{} {code}", decimal(minor, exp));
    let locales = js_sys::Array::of1(&JsValue::from_str(locale));
    let opts = super::codec::to_js(&CurrencyFormat {
        style: "currency",
        currency: code,
        minimum_fraction_digits: exp,
        maximum_fraction_digits: exp,
    });
    let nf = js_sys::Intl::NumberFormat::new(&locales, &js_sys::Object::from(opts));
    let major = minor as f64 / 10f64.powi(i32::from(exp));
    nf.format()
        .call1(&nf, &JsValue::from_f64(major))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(plain)
}
