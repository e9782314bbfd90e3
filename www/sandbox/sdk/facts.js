// Written by checkout-core (`core/src/sandbox.rs`, `facts_module`); do not edit.
// `KHC_WRITE_SANDBOX_FACTS=1 cargo test -p checkout-core --test sandbox_facts` rewrites it;
// CI fails when it differs from what core writes.
/** @type {import('../klarna-websdk').SandboxFacts} */
export default {
  "amount_range": {
    "max": 1000000,
    "min": 100
  },
  "cases": [
    {
      "amount": 11800,
      "currency": "EUR",
      "instruction": "SHOW_KLARNA",
      "locale": "de-DE",
      "payment_status": "REQUIRES_CUSTOMER_ACTION",
      "saved_option": false,
      "token": ""
    },
    {
      "amount": 99,
      "currency": "EUR",
      "instruction": "HIDE_KLARNA",
      "locale": "de-DE",
      "payment_status": "REQUIRES_CUSTOMER_ACTION",
      "saved_option": false,
      "token": ""
    },
    {
      "amount": 100,
      "currency": "EUR",
      "instruction": "SHOW_KLARNA",
      "locale": "de-DE",
      "payment_status": "REQUIRES_CUSTOMER_ACTION",
      "saved_option": false,
      "token": ""
    },
    {
      "amount": 1000000,
      "currency": "EUR",
      "instruction": "SHOW_KLARNA",
      "locale": "de-DE",
      "payment_status": "REQUIRES_CUSTOMER_ACTION",
      "saved_option": false,
      "token": ""
    },
    {
      "amount": 1000001,
      "currency": "EUR",
      "instruction": "HIDE_KLARNA",
      "locale": "de-DE",
      "payment_status": "REQUIRES_CUSTOMER_ACTION",
      "saved_option": false,
      "token": ""
    },
    {
      "amount": 11800,
      "currency": "SEK",
      "instruction": "HIDE_KLARNA",
      "locale": "de-DE",
      "payment_status": "REQUIRES_CUSTOMER_ACTION",
      "saved_option": false,
      "token": ""
    },
    {
      "amount": 11800,
      "currency": "SEK",
      "instruction": "SHOW_KLARNA",
      "locale": "sv-SE",
      "payment_status": "REQUIRES_CUSTOMER_ACTION",
      "saved_option": false,
      "token": ""
    },
    {
      "amount": 11800,
      "currency": "EUR",
      "instruction": "HIDE_KLARNA",
      "locale": "en-XX",
      "payment_status": "REQUIRES_CUSTOMER_ACTION",
      "saved_option": false,
      "token": ""
    },
    {
      "amount": 11800,
      "currency": "EUR",
      "instruction": "PRESELECT_KLARNA",
      "locale": "de-DE",
      "payment_status": "REQUIRES_CUSTOMER_ACTION",
      "saved_option": true,
      "token": "krn:sandbox:eu1:session-token:shopper:1"
    },
    {
      "amount": 5,
      "currency": "EUR",
      "instruction": "HIDE_KLARNA",
      "locale": "de-DE",
      "payment_status": "REQUIRES_CUSTOMER_ACTION",
      "saved_option": false,
      "token": "krn:sandbox:eu1:session-token:shopper:1"
    },
    {
      "amount": 11800,
      "currency": "EUR",
      "instruction": "HIDE_KLARNA",
      "locale": "de-DE",
      "payment_status": "REQUIRES_CUSTOMER_ACTION",
      "saved_option": false,
      "token": "krn:sandbox:eu1:session-token:HIDE_KLARNA:1"
    },
    {
      "amount": 11800,
      "currency": "EUR",
      "instruction": "SHOW_KLARNA",
      "locale": "de-DE",
      "payment_status": "REQUIRES_CUSTOMER_ACTION",
      "saved_option": true,
      "token": "krn:sandbox:eu1:session-token:SHOW_KLARNA:1"
    },
    {
      "amount": 11800,
      "currency": "EUR",
      "instruction": "PRESELECT_KLARNA",
      "locale": "de-DE",
      "payment_status": "REQUIRES_CUSTOMER_ACTION",
      "saved_option": true,
      "token": "krn:sandbox:eu1:session-token:PRESELECT_KLARNA:1"
    },
    {
      "amount": 5,
      "currency": "SEK",
      "instruction": "SHOW_ONLY_KLARNA",
      "locale": "de-DE",
      "payment_status": "REQUIRES_CUSTOMER_ACTION",
      "saved_option": true,
      "token": "krn:sandbox:eu1:session-token:SHOW_ONLY_KLARNA:1"
    },
    {
      "amount": 11800,
      "currency": "EUR",
      "instruction": "HIDE_KLARNA",
      "locale": "de-DE",
      "payment_status": "REQUIRES_CUSTOMER_ACTION",
      "saved_option": false,
      "token": "x:SHOW_KLARNA:HIDE_KLARNA"
    },
    {
      "amount": 11800,
      "currency": "EUR",
      "instruction": "PRESELECT_KLARNA",
      "locale": "de-DE",
      "payment_status": "PENDING_PARTNER_AUTHORIZATION",
      "saved_option": true,
      "token": "krn:sandbox:eu1:session-token:PENDING_PARTNER_AUTHORIZATION:1"
    },
    {
      "amount": 11800,
      "currency": "EUR",
      "instruction": "SHOW_KLARNA",
      "locale": "de-DE",
      "payment_status": "REQUIRES_CUSTOMER_ACTION",
      "saved_option": false,
      "token": ""
    }
  ],
  "fast_track_trigger": "PENDING_PARTNER_AUTHORIZATION",
  "instruction_triggers": [
    "HIDE_KLARNA",
    "SHOW_ONLY_KLARNA",
    "PRESELECT_KLARNA",
    "SHOW_KLARNA"
  ],
  "markets": {
    "AT": {
      "currency": "EUR",
      "locales": [
        "de-AT",
        "en-AT"
      ]
    },
    "AU": {
      "currency": "AUD",
      "locales": [
        "en-AU"
      ]
    },
    "BE": {
      "currency": "EUR",
      "locales": [
        "nl-BE",
        "fr-BE",
        "en-BE"
      ]
    },
    "CA": {
      "currency": "CAD",
      "locales": [
        "en-CA",
        "fr-CA"
      ]
    },
    "CH": {
      "currency": "CHF",
      "locales": [
        "de-CH",
        "fr-CH",
        "it-CH",
        "en-CH"
      ]
    },
    "CZ": {
      "currency": "CZK",
      "locales": [
        "cs-CZ",
        "en-CZ"
      ]
    },
    "DE": {
      "currency": "EUR",
      "locales": [
        "de-DE",
        "en-DE"
      ]
    },
    "DK": {
      "currency": "DKK",
      "locales": [
        "da-DK",
        "en-DK"
      ]
    },
    "ES": {
      "currency": "EUR",
      "locales": [
        "es-ES",
        "en-ES"
      ]
    },
    "FI": {
      "currency": "EUR",
      "locales": [
        "fi-FI",
        "sv-FI",
        "en-FI"
      ]
    },
    "FR": {
      "currency": "EUR",
      "locales": [
        "fr-FR",
        "en-FR"
      ]
    },
    "GB": {
      "currency": "GBP",
      "locales": [
        "en-GB"
      ]
    },
    "GR": {
      "currency": "EUR",
      "locales": [
        "el-GR",
        "en-GR"
      ]
    },
    "HU": {
      "currency": "HUF",
      "locales": [
        "hu-HU",
        "en-HU"
      ]
    },
    "IE": {
      "currency": "EUR",
      "locales": [
        "en-IE"
      ]
    },
    "IT": {
      "currency": "EUR",
      "locales": [
        "it-IT",
        "en-IT"
      ]
    },
    "MX": {
      "currency": "MXN",
      "locales": [
        "es-MX",
        "en-MX"
      ]
    },
    "NL": {
      "currency": "EUR",
      "locales": [
        "nl-NL",
        "en-NL"
      ]
    },
    "NO": {
      "currency": "NOK",
      "locales": [
        "nb-NO",
        "no-NO",
        "en-NO"
      ]
    },
    "NZ": {
      "currency": "NZD",
      "locales": [
        "en-NZ"
      ]
    },
    "PL": {
      "currency": "PLN",
      "locales": [
        "pl-PL",
        "en-PL"
      ]
    },
    "PT": {
      "currency": "EUR",
      "locales": [
        "pt-PT",
        "en-PT"
      ]
    },
    "RO": {
      "currency": "RON",
      "locales": [
        "ro-RO",
        "en-RO"
      ]
    },
    "SE": {
      "currency": "SEK",
      "locales": [
        "sv-SE",
        "en-SE"
      ]
    },
    "US": {
      "currency": "USD",
      "locales": [
        "en-US",
        "es-US"
      ]
    }
  },
  "minor_digits": {
    "AUD": 2,
    "BHD": 3,
    "BRL": 2,
    "CAD": 2,
    "CHF": 2,
    "CLP": 0,
    "CNY": 2,
    "CZK": 2,
    "DKK": 2,
    "EUR": 2,
    "GBP": 2,
    "HKD": 2,
    "HUF": 2,
    "INR": 2,
    "ISK": 0,
    "JPY": 0,
    "KRW": 0,
    "KWD": 3,
    "MXN": 2,
    "NOK": 2,
    "NZD": 2,
    "OMR": 3,
    "PLN": 2,
    "RON": 2,
    "SEK": 2,
    "SGD": 2,
    "TND": 3,
    "USD": 2,
    "ZAR": 2
  },
  "resolve_pending_trigger": "PENDING_CONFIRMATION"
};
