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
    "AED": 2,
    "AFN": 2,
    "ALL": 2,
    "AMD": 2,
    "AOA": 2,
    "ARS": 2,
    "AUD": 2,
    "AWG": 2,
    "AZN": 2,
    "BAM": 2,
    "BBD": 2,
    "BDT": 2,
    "BGN": 2,
    "BHD": 3,
    "BIF": 0,
    "BMD": 2,
    "BND": 2,
    "BOB": 2,
    "BRL": 2,
    "BSD": 2,
    "BTN": 2,
    "BWP": 2,
    "BYN": 2,
    "BZD": 2,
    "CAD": 2,
    "CDF": 2,
    "CHF": 2,
    "CLP": 0,
    "CNY": 2,
    "COP": 2,
    "CRC": 2,
    "CUP": 2,
    "CVE": 2,
    "CZK": 2,
    "DJF": 0,
    "DKK": 2,
    "DOP": 2,
    "DZD": 2,
    "EGP": 2,
    "ERN": 2,
    "ETB": 2,
    "EUR": 2,
    "FJD": 2,
    "FKP": 2,
    "GBP": 2,
    "GEL": 2,
    "GHS": 2,
    "GIP": 2,
    "GMD": 2,
    "GNF": 0,
    "GTQ": 2,
    "GYD": 2,
    "HKD": 2,
    "HNL": 2,
    "HTG": 2,
    "HUF": 2,
    "IDR": 2,
    "ILS": 2,
    "INR": 2,
    "IQD": 3,
    "IRR": 2,
    "ISK": 0,
    "JMD": 2,
    "JOD": 3,
    "JPY": 0,
    "KES": 2,
    "KGS": 2,
    "KHR": 2,
    "KMF": 0,
    "KPW": 2,
    "KRW": 0,
    "KWD": 3,
    "KYD": 2,
    "KZT": 2,
    "LAK": 2,
    "LBP": 2,
    "LKR": 2,
    "LRD": 2,
    "LSL": 2,
    "LYD": 3,
    "MAD": 2,
    "MDL": 2,
    "MGA": 2,
    "MKD": 2,
    "MMK": 2,
    "MNT": 2,
    "MOP": 2,
    "MRU": 2,
    "MUR": 2,
    "MVR": 2,
    "MWK": 2,
    "MXN": 2,
    "MYR": 2,
    "MZN": 2,
    "NAD": 2,
    "NGN": 2,
    "NIO": 2,
    "NOK": 2,
    "NPR": 2,
    "NZD": 2,
    "OMR": 3,
    "PAB": 2,
    "PEN": 2,
    "PGK": 2,
    "PHP": 2,
    "PKR": 2,
    "PLN": 2,
    "PYG": 0,
    "QAR": 2,
    "RON": 2,
    "RSD": 2,
    "RUB": 2,
    "RWF": 0,
    "SAR": 2,
    "SBD": 2,
    "SCR": 2,
    "SDG": 2,
    "SEK": 2,
    "SGD": 2,
    "SHP": 2,
    "SLE": 2,
    "SOS": 2,
    "SRD": 2,
    "SSP": 2,
    "STN": 2,
    "SVC": 2,
    "SYP": 2,
    "SZL": 2,
    "THB": 2,
    "TJS": 2,
    "TMT": 2,
    "TND": 3,
    "TOP": 2,
    "TRY": 2,
    "TTD": 2,
    "TWD": 2,
    "TZS": 2,
    "UAH": 2,
    "UGX": 0,
    "USD": 2,
    "UYU": 2,
    "UZS": 2,
    "VES": 2,
    "VND": 0,
    "VUV": 0,
    "WST": 2,
    "XAF": 0,
    "XCD": 2,
    "XCG": 2,
    "XOF": 0,
    "XPF": 0,
    "YER": 2,
    "ZAR": 2,
    "ZMW": 2,
    "ZWG": 2
  },
  "resolve_pending_trigger": "PENDING_CONFIRMATION"
};
