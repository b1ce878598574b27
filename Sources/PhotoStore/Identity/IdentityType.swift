/// The identity documents a person can be registered under. Raw values are the API's words.
public enum IdentityType: String, Codable, CaseIterable, Sendable {
    /// Mainland resident identity card (GB 11643 citizen number).
    case residentID = "resident-id"
    /// Foreigner's permanent residence ID card.
    case foreignPermanentResident = "foreign-permanent-resident"
    /// Residence permit or mainland travel permit of a Hong Kong or Macao resident.
    case hkMacaoResident = "hk-macao-resident"
    /// Residence permit or mainland travel permit of a Taiwan resident.
    case taiwanResident = "taiwan-resident"
    case passport

    /// Chinese and English names for messages and pages.
    public var name: (zh: String, en: String) {
        switch self {
        case .residentID: ("居民身份证", "resident ID card")
        case .foreignPermanentResident: ("外国人永久居留身份证", "foreign permanent resident ID card")
        case .hkMacaoResident: ("港澳居民证件", "Hong Kong/Macao resident document")
        case .taiwanResident: ("台湾居民证件", "Taiwan resident document")
        case .passport: ("护照", "passport")
        }
    }
}
