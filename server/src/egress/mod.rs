//! Calls to addresses that merchants give us (their notification
//! endpoints): which IP addresses are public ([`is_public`]), and the HTTP
//! client deliveries go out with ([`delivery_client`]), which follows no
//! redirect and, outside sandbox mode, connects to public addresses only, so
//! a merchant's URL cannot make the server call into its own network
//! (server-side request forgery).

mod address;
mod client;

pub use address::is_public;
pub use client::{delivery_client, host_address, literal_not_public, NotPublic};
