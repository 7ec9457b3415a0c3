import OKRProjections

/// Makes a daemon's answer safe to print on a terminal before okrctl decodes it: every string in
/// the JSON text is rewritten so that, once decoded, each character ``SafeText`` calls unsafe
/// (ESC, BEL, CR, C1 controls, DEL, U+2028/2029, bidi overrides and isolates) reads as a visible
/// escape such as `\u{1B}`, while line feeds and tabs stay for the tables to lay out.
///
/// okrd refuses those characters in every text field (SPEC §8), but events stored before that
/// rule, or imported, may hold them; this is the one place okrctl's human output passes through,
/// so no table, tree or message can send them raw. `--json` output is left exact (JSON escapes
/// them itself).
public enum VisibleEscapes {
    /// `json` with its strings' unsafe characters turned into visible escapes; the same bytes
    /// when there are none (the common case costs one scan).
    public static func json(_ json: [UInt8]) -> [UInt8] {
        // Unsafe characters arrive escaped (`\u001b`, `\r`) or as raw bytes: DEL, C1 (C2 80–9F),
        // U+2028–202E (E2 80 A8–AE) and U+2066–2069 (E2 81 A6–A9).
        guard json.contains(UInt8(ascii: "\\")) || mayHoldRawUnsafe(json) else { return json }
        var out: [UInt8] = []
        out.reserveCapacity(json.count + 16)
        var inString = false
        var index = 0
        func visible(_ value: UInt32) {
            // `\\u{1B}` in JSON decodes to the six characters `\u{1B}`.
            out.append(UInt8(ascii: "\\"))
            out.append(contentsOf: SafeText.escape(Unicode.Scalar(value)!).utf8)
        }
        while index < json.count {
            let byte = json[index]
            guard inString else {
                if byte == UInt8(ascii: "\"") { inString = true }
                out.append(byte)
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = false
                out.append(byte)
                index += 1
            case UInt8(ascii: "\\") where index + 1 < json.count:
                let kind = json[index + 1]
                switch kind {
                case UInt8(ascii: "b"): visible(0x08); index += 2
                case UInt8(ascii: "f"): visible(0x0C); index += 2
                case UInt8(ascii: "r"): visible(0x0D); index += 2
                case UInt8(ascii: "u") where index + 6 <= json.count:
                    let code = hex(json[(index + 2)..<(index + 6)])
                    if let code, code != 0x0A, code != 0x09, let scalar = Unicode.Scalar(code), SafeText.isUnsafe(scalar) {
                        visible(code)
                    } else {
                        out.append(contentsOf: json[index..<(index + 6)])
                    }
                    index += 6
                default:
                    out.append(contentsOf: json[index...(index + 1)])
                    index += 2
                }
            default:
                if let unsafe = rawUnsafe(in: json, at: index) {
                    visible(unsafe.scalar)
                    index += unsafe.length
                } else {
                    out.append(byte)
                    index += 1
                }
            }
        }
        return out
    }

    /// Whether `bytes` may hold an unsafe character written raw (not as a JSON escape): a quick
    /// test before ``rawUnsafe(in:at:)`` is asked at each position.
    public static func mayHoldRawUnsafe(_ bytes: some Sequence<UInt8>) -> Bool {
        bytes.contains { $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }
    }

    /// The unsafe character whose UTF-8 starts at `index`, if one does, and its length in bytes:
    /// DEL (7F), a C1 control (C2 80–9F), U+2028–202E (E2 80 A8–AE) or U+2066–2069 (E2 81 A6–A9).
    /// These are the only ones valid JSON may hold raw; C0 controls must be escaped there.
    public static func rawUnsafe(in bytes: [UInt8], at index: Int) -> (scalar: UInt32, length: Int)? {
        switch bytes[index] {
        case 0x7F:
            return (0x7F, 1)
        case 0xC2 where index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1]):
            return (UInt32(bytes[index + 1]), 2)
        case 0xE2 where index + 2 < bytes.count:
            let (second, third) = (bytes[index + 1], bytes[index + 2])
            guard (second == 0x80 && (0xA8...0xAE).contains(third)) || (second == 0x81 && (0xA6...0xA9).contains(third)) else { return nil }
            return (0x2000 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F), 3)
        default:
            return nil
        }
    }

    private static func hex(_ digits: ArraySlice<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        for digit in digits {
            let nibble: UInt8
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = digit - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(nibble)
        }
        return value
    }
}
