//! The totals rules Klarna applies to order lines, checked before Klarna
//! sees them so the merchant gets the line and the field at once:
//!
//! - `total_amount = quantity × unit_price − total_discount_amount`;
//! - `total_tax_amount` no larger than `total_amount` (the tax is part of
//!   the line's total);
//! - `total_tax_amount` consistent with `tax_rate`: Klarna's item-level tax
//!   validation computes the line's rate as `total_tax_amount / (total_amount
//!   − total_tax_amount)` and accepts it within one percentage point of
//!   `tax_rate` (Klarna's "Handle tax" guide for Klarna payments); both
//!   fields are optional, the rule applies when both are given;
//! - the lines add up to the session's `amount` (negative lines included).

use super::OrderLine;
use crate::fields::Fields;

/// Checks one line's own totals (`l` reads that line).
pub(crate) fn check_line(l: &mut Fields<'_>, line: &OrderLine) {
    let discount = line.total_discount_amount.unwrap_or(0);
    let expected = line
        .quantity
        .checked_mul(line.unit_price)
        .and_then(|g| g.checked_sub(discount));
    if expected != Some(line.total_amount) {
        let reason = match expected {
            Some(e) if discount != 0 => {
                format!("expected quantity × unit_price − total_discount_amount = {e}")
            }
            Some(e) => format!("expected quantity × unit_price = {e}"),
            None => "expected quantity × unit_price within the amount limits".to_string(),
        };
        l.fail("total_amount", reason);
        return;
    }
    if let Some(tax) = line.total_tax_amount {
        if tax.unsigned_abs() > line.total_amount.unsigned_abs() {
            l.fail(
                "total_tax_amount",
                format!(
                    "expected at most total_amount ({}): the tax is part of the line's total",
                    line.total_amount
                ),
            );
            return;
        }
    }
    if let (Some(rate), Some(tax)) = (line.tax_rate, line.total_tax_amount) {
        if !tax_consistent(line.total_amount, tax, rate) {
            l.fail(
                "total_tax_amount",
                format!(
                    "expected about {} for tax_rate {rate} on total_amount {} \
                     (Klarna accepts the rate it computes within 1 percentage point)",
                    expected_tax(line.total_amount, rate),
                    line.total_amount
                ),
            );
        }
    }
}

/// Klarna's item-level check: the rate `10000 × tax / (total − tax)` (basis
/// points) is within 100 basis points of `rate`. Integer arithmetic, no
/// overflow (`i128`), signs handled (a negative line has a negative tax).
pub fn tax_consistent(total: i64, tax: i64, rate: i64) -> bool {
    let net = i128::from(total) - i128::from(tax);
    if net == 0 {
        // Either nothing at all, or a tax of 100 % of the price (no rate).
        return tax == 0;
    }
    let gap = (10_000 * i128::from(tax) - i128::from(rate) * net).abs();
    gap <= 100 * net.abs()
}

/// The tax in `total` at `rate` basis points, rounded half away from zero:
/// `total × rate / (10000 + rate)`.
pub fn expected_tax(total: i64, rate: i64) -> i64 {
    let num = i128::from(total) * i128::from(rate);
    let den = 10_000 + i128::from(rate);
    let q = (num.abs() * 2 + den) / (den * 2);
    let q = if num < 0 { -q } else { q };
    i64::try_from(q).unwrap_or(i64::MAX)
}

/// The sum of the lines' `total_amount`s; `None` when it overflows (large
/// line totals must not wrap around to a sum that matches the amount).
pub fn lines_total(lines: &[OrderLine]) -> Option<i64> {
    lines
        .iter()
        .try_fold(0i64, |sum, l| sum.checked_add(l.total_amount))
}

/// Non-empty order lines must add up to `amount`.
pub fn check_lines_sum(f: &mut Fields<'_>, lines: &[OrderLine], amount: i64) {
    if lines.is_empty() {
        return;
    }
    match lines_total(lines) {
        Some(sum) if sum == amount => {}
        Some(sum) => f.fail(
            "order_lines",
            format!("line totals add up to {sum}, expected amount {amount}"),
        ),
        None => f.fail(
            "order_lines",
            format!("line totals add up to more than the largest amount, expected amount {amount}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn klarna_tax_examples() {
        // Klarna's EU example: 595.00 at 25 % carries 119.00 of tax.
        assert!(tax_consistent(59500, 11900, 2500));
        assert_eq!(expected_tax(59500, 2500), 11900);
        // Within one percentage point either side, not beyond.
        assert!(tax_consistent(10000, 1667, 2000)); // 20.0 %
        assert!(tax_consistent(10000, 1735, 2000)); // 20.99 %
        assert!(!tax_consistent(10000, 1800, 2000)); // 21.95 %
        assert!(!tax_consistent(10000, 1500, 2000)); // 17.6 %
                                                     // Negative lines carry negative tax.
        assert!(tax_consistent(-5000, -1000, 2500));
        assert!(!tax_consistent(-5000, 1000, 2500));
        assert_eq!(expected_tax(-5000, 2500), -1000);
        // Zero rate, zero tax; nothing at all; all tax.
        assert!(tax_consistent(5000, 0, 0));
        assert!(tax_consistent(0, 0, 2500));
        assert!(!tax_consistent(100, 100, 2500));
        // Extremes do not overflow.
        assert!(!tax_consistent(i64::MAX, i64::MIN, 10_000));
    }
}
