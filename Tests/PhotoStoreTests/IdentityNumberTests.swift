import Foundation
import PhotoStore
import Testing

@Suite struct IdentityNumberTests {
    /// 11010519491231002X is the standard's own worked example (GB 11643-1999, appendix).
    @Test func acceptsTheStandardsWorkedExample() throws {
        let identity = try IdentityNumber(type: .residentID, number: "11010519491231002x")
        #expect(identity.number == "11010519491231002X")
        #expect(identity.birthDate == DateComponents(year: 1949, month: 12, day: 31))
        #expect(identity.masked == "1101**********002X")
    }

    @Test func computesTheCheckCharacter() {
        #expect(CitizenNumberChecksum.checkCharacter(for: "11010519491231002") == "X")
        #expect(CitizenNumberChecksum.checkCharacter(for: "4403011990010100") == nil)
        #expect(CitizenNumberChecksum.checkCharacter(for: "1101051949123100A") == nil)
    }

    @Test func rejectsAMistypedDigitWithTheExpectedCheckCharacter() {
        #expect(throws: IdentityNumberError.badCheckDigit(.residentID, found: "X", expected: "6")) {
            try IdentityNumber(type: .residentID, number: "11010519491231012X")
        }
        do {
            _ = try IdentityNumber(type: .residentID, number: "11010519491231012X")
        } catch {
            #expect(error.code == "invalid_identity_number")
            #expect(error.description.contains("mistyped"))
        }
    }

    @Test func rejectsWrongLengthsAndImpossibleBirthDates() throws {
        #expect(throws: IdentityNumberError.badLength(.residentID, length: 17, expected: 18)) {
            try IdentityNumber(type: .residentID, number: "11010519491231002")
        }
        // 1949-02-30 does not exist; the check digit is right for it.
        let body = "11010519490230002"
        let number = body + String(CitizenNumberChecksum.checkCharacter(for: body)!)
        #expect(throws: IdentityNumberError.badBirthDate(.residentID, "19490230")) { try IdentityNumber(type: .residentID, number: number) }
        #expect(throws: IdentityNumberError.empty(.residentID)) { try IdentityNumber(type: .residentID, number: "  ") }
    }

    @Test func readsOtherDocumentTypes() throws {
        let permanent = "93000019800101123"
        #expect(try IdentityNumber(type: .foreignPermanentResident, number: permanent + String(CitizenNumberChecksum.checkCharacter(for: permanent)!)).number.count == 18)
        #expect(try IdentityNumber(type: .foreignPermanentResident, number: "USA330112806261").number == "USA330112806261")
        let hongKong = "81000019900101123"
        #expect(throws: Never.self) { try IdentityNumber(type: .hkMacaoResident, number: hongKong + String(CitizenNumberChecksum.checkCharacter(for: hongKong)!)) }
        #expect(try IdentityNumber(type: .hkMacaoResident, number: "h12345678").number == "H12345678")
        #expect(try IdentityNumber(type: .taiwanResident, number: "12345678").number == "12345678")
        #expect(try IdentityNumber(type: .passport, number: "e 1234 5678").number == "E12345678")
        #expect(throws: IdentityNumberError.self) { try IdentityNumber(type: .passport, number: "E12") }
        #expect(throws: IdentityNumberError.self) { try IdentityNumber(type: .hkMacaoResident, number: "X12345678") }
        // A resident-ID style number of the wrong kind (11… is not a Hong Kong permit).
        #expect(throws: IdentityNumberError.self) { try IdentityNumber(type: .hkMacaoResident, number: "11010519491231002X") }
        #expect(throws: IdentityNumberError.unknownType("driver")) { try IdentityNumber(typeName: "driver", number: "1") }
    }
}
