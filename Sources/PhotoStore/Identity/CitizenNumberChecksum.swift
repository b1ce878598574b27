/// The GB 11643-1999 check character of an 18-character citizen number: the 17 digits
/// weighted by 2^(17-i) mod 11, summed mod 11, mapped onto "10X98765432". The same
/// scheme protects the 18-digit numbers of residence permits and new permanent-residence cards.
public enum CitizenNumberChecksum {
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters = Array("10X98765432")

    /// The check character for the first 17 characters, or nil when they are not 17 digits.
    public static func checkCharacter(for body: some StringProtocol) -> Character? {
        let digits = body.compactMap(\.wholeNumberValue)
        guard body.count == 17, digits.count == 17 else { return nil }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }
}
