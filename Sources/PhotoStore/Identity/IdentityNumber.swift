import Foundation

/// A validated identity: document type and number in canonical form (upper case, no
/// spaces). Construction is the only way in, so every stored number has passed its rules.
public struct IdentityNumber: Hashable, Codable, Sendable, CustomStringConvertible {
    public let type: IdentityType
    public let number: String

    public init(type: IdentityType, number raw: String) throws(IdentityNumberError) {
        let number = raw.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard !number.isEmpty else { throw .empty(type) }
        self.type = type
        self.number = number
        try Self.validate(number, as: type)
    }

    /// Parses the API's words for the type, then the number.
    public init(typeName: String, number: String) throws(IdentityNumberError) {
        guard let type = IdentityType(rawValue: typeName) else { throw .unknownType(typeName) }
        try self.init(type: type, number: number)
    }

    /// The number with all but the first and last few characters hidden, for logs and pages.
    public var masked: String {
        let keep = number.count >= 10 ? 4 : 2
        guard number.count > 2 * keep else { return String(repeating: "*", count: number.count) }
        return number.prefix(keep) + String(repeating: "*", count: number.count - 2 * keep) + number.suffix(keep)
    }

    public var description: String { "\(type.rawValue):\(masked)" }

    /// Birth date encoded in an 18-digit GB 11643-style number, if it has one.
    public var birthDate: DateComponents? {
        guard number.count == 18, number.allSatisfy({ $0.isNumber || $0 == "X" }) else { return nil }
        let digits = Array(number)
        guard let year = Int(String(digits[6..<10])), let month = Int(String(digits[10..<12])),
              let day = Int(String(digits[12..<14])) else { return nil }
        return DateComponents(year: year, month: month, day: day)
    }

    private static func validate(_ number: String, as type: IdentityType) throws(IdentityNumberError) {
        switch type {
        case .residentID:
            try validateCitizenNumber(number, type: type, prefixes: nil)
        case .foreignPermanentResident:
            // 2017 card: 18 digits beginning with 9; 2004 card: 3 letters + 12 digits.
            if number.count == 18 { try validateCitizenNumber(number, type: type, prefixes: ["9"]) }
            else if !matches(number, letters: 3, digits: 12) { throw .badFormat(type, expected: "18 digits beginning with 9, or 3 letters and 12 digits") }
        case .hkMacaoResident:
            // Residence permit: 18 digits beginning 81 (HK) or 82 (Macao); travel permit: H or M and 8 or 10 digits.
            if number.count == 18 { try validateCitizenNumber(number, type: type, prefixes: ["81", "82"]) }
            else if !(number.first == "H" || number.first == "M") || !(matches(number, letters: 1, digits: 8) || matches(number, letters: 1, digits: 10)) {
                throw .badFormat(type, expected: "18 digits beginning with 81 or 82, or H/M and 8 or 10 digits")
            }
        case .taiwanResident:
            // Residence permit: 18 digits beginning 83; travel permit: 8 digits (10 for older ones).
            if number.count == 18 { try validateCitizenNumber(number, type: type, prefixes: ["83"]) }
            else if !(matches(number, letters: 0, digits: 8) || matches(number, letters: 0, digits: 10)) {
                throw .badFormat(type, expected: "18 digits beginning with 83, or 8 digits")
            }
        case .passport:
            // ICAO 9303 document numbers: up to 9 characters in the machine-readable zone.
            guard (5...9).contains(number.count), number.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw .badFormat(type, expected: "5 to 9 letters and digits")
            }
        }
    }

    private static func validateCitizenNumber(_ number: String, type: IdentityType, prefixes: [String]?) throws(IdentityNumberError) {
        guard number.count == 18 else { throw .badLength(type, length: number.count, expected: 18) }
        let body = number.prefix(17)
        guard let expected = CitizenNumberChecksum.checkCharacter(for: body) else {
            throw .badFormat(type, expected: "17 digits followed by a digit or X")
        }
        if let prefixes, !prefixes.contains(where: { number.hasPrefix($0) }) {
            throw .badFormat(type, expected: "a number beginning with \(prefixes.joined(separator: " or "))")
        }
        guard number.last == expected else { throw .badCheckDigit(type, found: number.last!, expected: expected) }
        let digits = Array(number)
        guard let year = Int(String(digits[6..<10])), let month = Int(String(digits[10..<12])), let day = Int(String(digits[12..<14])),
              isRealDate(year: year, month: month, day: day) else {
            throw .badBirthDate(type, String(digits[6..<14]))
        }
    }

    private static func isRealDate(year: Int, month: Int, day: Int) -> Bool {
        let calendar = CityTime.calendar
        let components = DateComponents(year: year, month: month, day: day)
        guard (1900...2100).contains(year), let date = calendar.date(from: components) else { return false }
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        return back.year == year && back.month == month && back.day == day && date <= Date()
    }

    private static func matches(_ number: String, letters: Int, digits: Int) -> Bool {
        guard number.count == letters + digits else { return false }
        return number.prefix(letters).allSatisfy { $0.isASCII && $0.isLetter } && number.suffix(digits).allSatisfy { $0.isASCII && $0.isNumber }
    }
}

/// Why an identity number was not accepted; each message says what to correct.
public enum IdentityNumberError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownType(String)
    case empty(IdentityType)
    case badLength(IdentityType, length: Int, expected: Int)
    case badFormat(IdentityType, expected: String)
    case badCheckDigit(IdentityType, found: Character, expected: Character)
    case badBirthDate(IdentityType, String)

    public var code: String {
        switch self {
        case .unknownType: "unknown_identity_type"
        default: "invalid_identity_number"
        }
    }

    public var description: String {
        switch self {
        case let .unknownType(name):
            "unknown identity type \"\(name)\"; use one of \(IdentityType.allCases.map(\.rawValue).joined(separator: ", "))"
        case let .empty(type): "the \(type.name.en) number is empty"
        case let .badLength(type, length, expected): "a \(type.name.en) number has \(expected) characters, this one has \(length); check for a missing or extra digit"
        case let .badFormat(type, expected): "a \(type.name.en) number is \(expected); check the number as typed"
        case let .badCheckDigit(type, found, expected):
            "the \(type.name.en) number fails its check digit (ends in \(found), the first 17 digits call for \(expected)); a digit was probably mistyped"
        case let .badBirthDate(type, date): "the \(type.name.en) number holds no valid birth date (\(date)); check the number as typed"
        }
    }
}
