//! The `appearance` input as a small tree, and a small JSON reader for it.
//!
//! Strings and objects are all the option holds; any other JSON value is
//! kept only as the name of its kind, for the error message. The reader is
//! hand-written (about a hundred lines, no serde), for native callers and
//! tests; the hosted page reads the JSON with the browser's `JSON.parse`.

use std::collections::BTreeMap;

/// One value of the `appearance` input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Raw {
    /// A string.
    Str(String),
    /// An object (keys sorted; a repeated key keeps its last value).
    Obj(BTreeMap<String, Raw>),
    /// `null`.
    Null,
    /// Anything else, by kind: "a number", "a boolean", "an array".
    Other(&'static str),
}

impl Raw {
    /// What this is, for messages ("a string", "an object", …).
    pub fn kind(&self) -> &'static str {
        match self {
            Raw::Str(_) => "a string",
            Raw::Obj(_) => "an object",
            Raw::Null => "null",
            Raw::Other(k) => k,
        }
    }
}

/// Deepest nesting read (the option is two levels deep).
const MAX_DEPTH: usize = 16;

/// Reads JSON text into a [`Raw`] tree; the error names the byte offset.
pub fn read_json(text: &str) -> Result<Raw, String> {
    let mut r = Reader {
        s: text.as_bytes(),
        i: 0,
    };
    let v = r.value(0)?;
    r.ws();
    if r.i != r.s.len() {
        return Err(r.err("end of input"));
    }
    Ok(v)
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn err(&self, expected: &str) -> String {
        format!("expected {expected} at byte {}", self.i)
    }

    fn ws(&mut self) {
        while matches!(self.s.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.ws();
        let hit = self.s.get(self.i) == Some(&b);
        if hit {
            self.i += 1;
        }
        hit
    }

    fn literal(&mut self, word: &str, v: Raw) -> Result<Raw, String> {
        if self.s[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.err("a JSON value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Raw, String> {
        if depth > MAX_DEPTH {
            return Err(format!("nested deeper than {MAX_DEPTH} levels"));
        }
        self.ws();
        match self.s.get(self.i) {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Raw::Str),
            Some(b't') => self.literal("true", Raw::Other("a boolean")),
            Some(b'f') => self.literal("false", Raw::Other("a boolean")),
            Some(b'n') => self.literal("null", Raw::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.err("a JSON value")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Raw, String> {
        self.i += 1;
        let mut out = BTreeMap::new();
        if self.eat(b'}') {
            return Ok(Raw::Obj(out));
        }
        loop {
            self.ws();
            if self.s.get(self.i) != Some(&b'"') {
                return Err(self.err("a key in quotes"));
            }
            let key = self.string()?;
            if !self.eat(b':') {
                return Err(self.err("':'"));
            }
            out.insert(key, self.value(depth + 1)?);
            if self.eat(b'}') {
                return Ok(Raw::Obj(out));
            }
            if !self.eat(b',') {
                return Err(self.err("',' or '}'"));
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Raw, String> {
        self.i += 1;
        if self.eat(b']') {
            return Ok(Raw::Other("an array"));
        }
        loop {
            self.value(depth + 1)?;
            if self.eat(b']') {
                return Ok(Raw::Other("an array"));
            }
            if !self.eat(b',') {
                return Err(self.err("',' or ']'"));
            }
        }
    }

    fn number(&mut self) -> Result<Raw, String> {
        let start = self.i;
        while matches!(
            self.s.get(self.i),
            Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
        ) {
            self.i += 1;
        }
        if json_number(&self.s[start..self.i]) {
            Ok(Raw::Other("a number"))
        } else {
            self.i = start;
            Err(self.err("a number"))
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self
            .s
            .get(self.i..self.i + 4)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| self.err("four hex digits"))?;
        self.i += 4;
        Ok(digits)
    }

    fn string(&mut self) -> Result<String, String> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let start = self.i;
            while !matches!(self.s.get(self.i), None | Some(b'"' | b'\\' | 0..=0x1f)) {
                self.i += 1;
            }
            // The input is a &str and runs stop at ASCII bytes: always UTF-8.
            out.push_str(std::str::from_utf8(&self.s[start..self.i]).unwrap_or(""));
            match self.s.get(self.i) {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = match self.s.get(self.i) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.i += 1;
                            let mut code = self.hex4()?;
                            if (0xd800..0xdc00).contains(&code)
                                && self.s[self.i..].starts_with(b"\\u")
                            {
                                self.i += 2;
                                let low = self.hex4()?;
                                code = 0x10000
                                    + ((code - 0xd800) << 10)
                                    + (low.wrapping_sub(0xdc00) & 0x3ff);
                            }
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                            continue;
                        }
                        _ => return Err(self.err("an escape such as \\n")),
                    };
                    out.push(c);
                    self.i += 1;
                }
                _ => return Err(self.err("a closing quote")),
            }
        }
    }
}

/// Whether `t` is a JSON number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
/// Checked by grammar, not parsed: only "a number" is kept, and the float
/// parser would cost the WebAssembly module about 11 KB.
pub(crate) fn json_number(t: &[u8]) -> bool {
    let digits = |i: usize| t[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut i = usize::from(t.first() == Some(&b'-'));
    match digits(i) {
        0 => return false,
        n if n > 1 && t[i] == b'0' => return false,
        n => i += n,
    }
    if t.get(i) == Some(&b'.') {
        match digits(i + 1) {
            0 => return false,
            n => i += 1 + n,
        }
    }
    if matches!(t.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(t.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        match digits(i) {
            0 => return false,
            n => i += n,
        }
    }
    i == t.len()
}
