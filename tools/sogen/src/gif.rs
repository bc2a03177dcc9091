//! Small GIF logos drawn here (the vendor's images are not ours to ship): a
//! coloured card with the payment means' name in a 5×7 pixel font, a padlock
//! for `CLEF` and a blank spacer for `INTERVAL` — the names the legacy form
//! asks for under `D_LOGO`.

use std::collections::HashMap;

/// Palette indexes.
const BACKGROUND: u8 = 0;
const INK: u8 = 1;
const CARD: u8 = 2;
const EDGE: u8 = 3;

/// 5×7 glyphs, one row per byte (bit 4 = leftmost column).
fn glyph(c: char) -> [u8; 7] {
    match c.to_ascii_uppercase() {
        'A' => [14, 17, 17, 31, 17, 17, 17],
        'B' => [30, 17, 17, 30, 17, 17, 30],
        'C' => [14, 17, 16, 16, 16, 17, 14],
        'D' => [30, 17, 17, 17, 17, 17, 30],
        'E' => [31, 16, 16, 30, 16, 16, 31],
        'F' => [31, 16, 16, 30, 16, 16, 16],
        'G' => [14, 17, 16, 23, 17, 17, 15],
        'H' => [17, 17, 17, 31, 17, 17, 17],
        'I' => [14, 4, 4, 4, 4, 4, 14],
        'J' => [7, 2, 2, 2, 2, 18, 12],
        'K' => [17, 18, 20, 24, 20, 18, 17],
        'L' => [16, 16, 16, 16, 16, 16, 31],
        'M' => [17, 27, 21, 21, 17, 17, 17],
        'N' => [17, 17, 25, 21, 19, 17, 17],
        'O' => [14, 17, 17, 17, 17, 17, 14],
        'P' => [30, 17, 17, 30, 16, 16, 16],
        'Q' => [14, 17, 17, 17, 21, 18, 13],
        'R' => [30, 17, 17, 30, 20, 18, 17],
        'S' => [15, 16, 16, 14, 1, 1, 30],
        'T' => [31, 4, 4, 4, 4, 4, 4],
        'U' => [17, 17, 17, 17, 17, 17, 14],
        'V' => [17, 17, 17, 17, 17, 10, 4],
        'W' => [17, 17, 17, 21, 21, 21, 10],
        'X' => [17, 17, 10, 4, 10, 17, 17],
        'Y' => [17, 17, 10, 4, 4, 4, 4],
        'Z' => [31, 1, 2, 4, 8, 16, 31],
        '0' => [14, 17, 19, 21, 25, 17, 14],
        '1' => [4, 12, 4, 4, 4, 4, 14],
        '2' => [14, 17, 1, 2, 4, 8, 31],
        '3' => [31, 2, 4, 2, 1, 17, 14],
        '4' => [2, 6, 10, 18, 31, 2, 2],
        '5' => [31, 16, 30, 1, 1, 17, 14],
        '6' => [6, 8, 16, 30, 17, 17, 14],
        '7' => [31, 1, 2, 4, 8, 8, 8],
        '8' => [14, 17, 17, 14, 17, 17, 14],
        '9' => [14, 17, 17, 15, 1, 2, 12],
        '-' => [0, 0, 0, 31, 0, 0, 0],
        _ => [0, 0, 0, 0, 0, 0, 31],
    }
}

/// An indexed-colour picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
    pub palette: [[u8; 3]; 4],
}

impl Picture {
    fn new(width: usize, height: usize, palette: [[u8; 3]; 4]) -> Picture {
        Picture { width, height, pixels: vec![BACKGROUND; width * height], palette }
    }

    fn set(&mut self, x: usize, y: usize, c: u8) {
        if x < self.width && y < self.height {
            self.pixels[y * self.width + x] = c;
        }
    }

    fn fill(&mut self, x0: usize, y0: usize, x1: usize, y1: usize, c: u8) {
        for y in y0..y1 {
            for x in x0..x1 {
                self.set(x, y, c);
            }
        }
    }

    fn text(&mut self, x0: usize, y0: usize, text: &str, c: u8) {
        for (i, ch) in text.chars().enumerate() {
            for (row, bits) in glyph(ch).iter().enumerate() {
                for col in 0..5 {
                    if bits >> (4 - col) & 1 == 1 {
                        self.set(x0 + i * 6 + col, y0 + row, c);
                    }
                }
            }
        }
    }
}

/// A stable colour per name, so each card brand keeps its look.
fn card_colour(name: &str) -> [u8; 3] {
    match name {
        "CB" => [0x1f, 0x6f, 0x3f],
        "VISA" => [0x1a, 0x1f, 0x71],
        "MASTERCARD" => [0xc2, 0x4d, 0x0c],
        "AMEX" => [0x1e, 0x6f, 0xb0],
        _ => {
            let h = name.bytes().fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
            [(h & 0x7f) as u8 + 0x20, (h >> 8 & 0x7f) as u8 + 0x20, (h >> 16 & 0x7f) as u8 + 0x20]
        }
    }
}

/// The picture for logo `name` (the file name without `.gif`).
pub fn logo(name: &str) -> Picture {
    match name {
        "INTERVAL" => Picture::new(8, 8, [[255; 3], [255; 3], [255; 3], [255; 3]]),
        "CLEF" => padlock(),
        _ => card(name),
    }
}

fn card(name: &str) -> Picture {
    let label: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(12).collect();
    let width = (label.chars().count() * 6 + 9).max(40);
    let mut p = Picture::new(width, 26, [[255; 3], [255; 3], card_colour(name), [0x55; 3]]);
    p.fill(1, 1, width - 1, 25, CARD);
    for x in 1..width - 1 {
        p.set(x, 0, EDGE);
        p.set(x, 25, EDGE);
    }
    for y in 1..25 {
        p.set(0, y, EDGE);
        p.set(width - 1, y, EDGE);
    }
    // A chip above the name, as on a card.
    p.fill(5, 4, 11, 9, EDGE);
    p.text(5, 13, &label, INK);
    p
}

fn padlock() -> Picture {
    let mut p = Picture::new(14, 16, [[255; 3], [0xf2, 0xc1, 0x1d], [0x8a, 0x6a, 0x00], [0x33; 3]]);
    // Shackle.
    for y in 1..8 {
        p.set(3, y, EDGE);
        p.set(10, y, EDGE);
    }
    p.fill(4, 0, 10, 1, EDGE);
    // Body and keyhole.
    p.fill(1, 7, 13, 16, CARD);
    p.fill(2, 8, 12, 15, INK);
    p.fill(6, 10, 8, 13, EDGE);
    p
}

/// GIF89a bytes of `picture` (LZW with a 2-bit minimum code size: four colours).
pub fn encode(picture: &Picture) -> Vec<u8> {
    let mut out = b"GIF89a".to_vec();
    let dims = |out: &mut Vec<u8>| {
        out.extend_from_slice(&(picture.width as u16).to_le_bytes());
        out.extend_from_slice(&(picture.height as u16).to_le_bytes());
    };
    dims(&mut out);
    // Global colour table of 4 entries, 8 bits per primary.
    out.extend_from_slice(&[0xf1, BACKGROUND, 0]);
    for rgb in &picture.palette {
        out.extend_from_slice(rgb);
    }
    out.extend_from_slice(&[0x2c, 0, 0, 0, 0]);
    dims(&mut out);
    out.push(0);
    out.push(2);
    let data = lzw(&picture.pixels, 2);
    for block in data.chunks(255) {
        out.push(block.len() as u8);
        out.extend_from_slice(block);
    }
    out.push(0);
    out.push(0x3b);
    out
}

/// The GIF file for logo `name`.
pub fn logo_gif(name: &str) -> Vec<u8> {
    encode(&logo(name))
}

/// Writes `<dir>/<name>.gif` for each name that has no file yet; returns the files written.
pub fn write_logos(dir: &std::path::Path, names: &[String]) -> std::io::Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for name in names {
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("invalid logo name {name:?}")));
        }
        let path = dir.join(format!("{name}.gif"));
        if !path.exists() {
            std::fs::write(&path, logo_gif(name))?;
            written.push(path);
        }
    }
    Ok(written)
}

/// Least-significant-bit-first code packer.
struct Bits {
    out: Vec<u8>,
    acc: u32,
    n: u32,
}

impl Bits {
    fn put(&mut self, code: u16, size: u32) {
        self.acc |= u32::from(code) << self.n;
        self.n += size;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// GIF's variable-width LZW. The code width grows once the next free code no
/// longer fits, checked after each code is written and before its table entry
/// is added, which is when a decoder (one entry behind) grows its own.
fn lzw(pixels: &[u8], min_size: u32) -> Vec<u8> {
    let clear: u16 = 1 << min_size;
    let end = clear + 1;
    let mut bits = Bits { out: Vec::new(), acc: 0, n: 0 };
    let mut size = min_size + 1;
    let mut next = end + 1;
    let mut table: HashMap<(u16, u8), u16> = HashMap::new();
    bits.put(clear, size);
    let Some((&first, rest)) = pixels.split_first() else {
        bits.put(end, size);
        return bits.finish();
    };
    let mut prefix = u16::from(first);
    for &px in rest {
        if let Some(&code) = table.get(&(prefix, px)) {
            prefix = code;
            continue;
        }
        bits.put(prefix, size);
        if u32::from(next) >= 1 << size && size < 12 {
            size += 1;
        }
        table.insert((prefix, px), next);
        next += 1;
        if next == 4096 {
            // Table full: start over, as every decoder expects a clear code here.
            bits.put(clear, size);
            table.clear();
            size = min_size + 1;
            next = end + 1;
        }
        prefix = u16::from(px);
    }
    bits.put(prefix, size);
    // The decoder adds an entry for this last code too, and may widen before the end code.
    if u32::from(next) >= 1 << size && size < 12 {
        size += 1;
    }
    bits.put(end, size);
    bits.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An independent GIF reader (the decoding side of the format, written
    /// from the specification): enough to prove the files are well formed.
    fn decode(gif: &[u8]) -> (usize, usize, Vec<u8>) {
        assert_eq!(&gif[..6], b"GIF89a");
        let w = u16::from_le_bytes([gif[6], gif[7]]) as usize;
        let h = u16::from_le_bytes([gif[8], gif[9]]) as usize;
        let table = 3 * (2usize << (gif[10] & 7));
        let mut pos = 13 + table;
        assert_eq!(gif[pos], 0x2c);
        pos += 10;
        let min = gif[pos] as u32;
        pos += 1;
        let mut data = Vec::new();
        while gif[pos] != 0 {
            let n = gif[pos] as usize;
            data.extend_from_slice(&gif[pos + 1..pos + 1 + n]);
            pos += n + 1;
        }
        assert_eq!(gif[pos + 1], 0x3b, "trailer");
        (w, h, unlzw(&data, min))
    }

    /// The pixels of LZW `data` whose codes start at `min + 1` bits.
    fn unlzw(data: &[u8], min: u32) -> Vec<u8> {
        let (clear, end) = (1u32 << min, (1u32 << min) + 1);
        let mut dict: Vec<Vec<u8>> = Vec::new();
        let reset = |dict: &mut Vec<Vec<u8>>| {
            dict.clear();
            dict.extend((0..clear).map(|i| vec![i as u8]));
            dict.push(Vec::new());
            dict.push(Vec::new());
        };
        reset(&mut dict);
        let (mut size, mut bitpos, mut out, mut prev): (u32, usize, Vec<u8>, Option<Vec<u8>>) =
            (min + 1, 0, Vec::new(), None);
        loop {
            let code = (0..size as usize)
                .fold(0u32, |code, i| code | u32::from(data[(bitpos + i) / 8] >> ((bitpos + i) % 8) & 1) << i);
            bitpos += size as usize;
            if code == clear {
                reset(&mut dict);
                size = min + 1;
                prev = None;
                continue;
            }
            if code == end {
                return out;
            }
            let entry = match dict.get(code as usize) {
                Some(known) => known.clone(),
                None => {
                    let p = prev.clone().expect("code beyond table");
                    [p.clone(), vec![p[0]]].concat()
                }
            };
            if let Some(p) = prev {
                if dict.len() < 4096 {
                    dict.push([p, vec![entry[0]]].concat());
                }
                if dict.len() == 1 << size && size < 12 {
                    size += 1;
                }
            }
            out.extend_from_slice(&entry);
            prev = Some(entry);
        }
    }

    #[test]
    fn logos_decode_to_their_pixels() {
        for name in ["CB", "VISA", "MASTERCARD", "CLEF", "INTERVAL", "PAYLIB"] {
            let picture = logo(name);
            let (w, h, pixels) = decode(&encode(&picture));
            assert_eq!((w, h), (picture.width, picture.height), "{name}");
            assert_eq!(pixels, picture.pixels, "{name}");
        }
    }

    #[test]
    fn noisy_pictures_fill_the_table_and_still_decode() {
        // Enough distinct strings to pass 4096 table entries and force a clear code.
        let mut seed = 12345u32;
        let pixels: Vec<u8> = (0..60_000)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (seed >> 16 & 3) as u8
            })
            .collect();
        let picture = Picture { width: 300, height: 200, pixels, palette: [[0; 3]; 4] };
        let (_, _, decoded) = decode(&encode(&picture));
        assert_eq!(decoded, picture.pixels);
    }

    #[test]
    fn names_are_drawn() {
        let cb = logo("CB");
        assert!(cb.pixels.iter().filter(|&&p| p == INK).count() > 20, "the letters are there");
        assert_ne!(logo("VISA").width, logo("MASTERCARD").width);
    }
}
