//! The order a session carries, as Klarna takes it: order lines with their
//! types, tax and discounts ([`line`](mod@line), checked by [`rules`]), and the
//! customer with billing and shipping addresses ([`customer`],
//! [`address`]). The server hands all of it to Klarna as
//! `supplementary_purchase_data`.

pub mod address;
pub mod customer;
pub mod line;
pub mod rules;

pub use address::Address;
pub use customer::Customer;
pub use line::{
    read_nonempty_order_lines, read_order_lines, LineType, OrderLine, ProductIdentifiers,
};
pub use rules::{check_lines_sum, lines_total};
