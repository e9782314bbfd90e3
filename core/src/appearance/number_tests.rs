//! Tests of the float-free decimal reading and writing the `appearance`
//! lengths go through.

use super::*;

#[test]
fn hundredths_are_written_without_floats() {
    for (n, want) in [
        (0, "0"),
        (250, "2.5"),
        (1600, "16"),
        (425, "4.25"),
        (5, "0.05"),
    ] {
        assert_eq!(super::hundredths(n), want);
    }
}

#[test]
fn decimals_read_like_the_standard_parser() {
    for ok in [
        "0",
        "12",
        "0.5",
        ".5",
        "-3.25",
        "16.0",
        "1234567890",
        "0.000000001",
        "255",
    ] {
        assert_eq!(decimal(ok), ok.parse::<f64>().ok(), "{ok}");
    }
    for bad in [
        "",
        "-",
        ".",
        "1.",
        "-.",
        "1.2.3",
        "+1",
        "1e3",
        "12345678901",
        "1,5",
        " 1",
        "0x1",
    ] {
        assert_eq!(decimal(bad), None, "{bad:?}");
    }
}
