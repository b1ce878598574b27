import FluentKit
import Foundation

/// Family links from a household-registry export (CSV, UTF-8, a header row, comma separated,
/// fields with commas or quotes in double quotes). Columns, by header name in any order:
///
/// | column | meaning |
/// |---|---|
/// | `kind` | `guardian` (parent ↔ minor child) or `relative` (adults; the relative approves in My Photos) |
/// | `person_type`, `person_number`, `person_name` | the parent (guardian) or the adult asking (relative) |
/// | `relative_type`, `relative_number`, `relative_name` | the child (guardian) or the adult relative |
/// | `relationship` | how they are related, e.g. `母亲 mother`, `配偶 spouse` |
/// | `household` | the household register number (kept as the link's evidence) |
/// | `child_birth_date` | optional, `YYYY-MM-DD`, only for a child whose document has no birth date |
///
/// Types are the API's words (`resident-id`, `passport`, …). Names are needed only for people
/// the library does not know yet. Every row is checked first; any bad row stops the import
/// with every bad row listed by line number, and nothing is written. Otherwise all links are
/// made in one transaction.
public enum HouseholdRegistryImport {
    public static let columns = ["kind", "person_type", "person_number", "person_name", "relative_type", "relative_number",
                                 "relative_name", "relationship", "household", "child_birth_date"]
    static let required = ["kind", "person_type", "person_number", "relative_type", "relative_number", "relationship", "household"]

    public struct RowProblem: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    public struct Problems: Error, Sendable, CustomStringConvertible {
        public var rows: [RowProblem]
        public var description: String { rows.map(\.description).joined(separator: "\n") }
    }

    /// Parses and checks every row; throws `Problems` listing each bad one.
    public static func parse(_ text: String, now: Date) throws(Problems) -> [(line: Int, link: NewFamilyLink)] {
        let records = csvRecords(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        guard let first = records.first else { throw Problems(rows: [RowProblem(line: 1, message: "the file is empty")]) }
        let (headerLine, header) = first
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = required.filter { !names.contains($0) }
        if !missing.isEmpty {
            throw Problems(rows: [RowProblem(line: headerLine, message: "the header lacks column(s) \(missing.joined(separator: ", ")); expected \(columns.joined(separator: ","))")])
        }
        var problems: [RowProblem] = []
        var links: [(line: Int, link: NewFamilyLink)] = []
        var seen: [String: Int] = [:]
        for (line, fields) in records.dropFirst() {
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            func field(_ name: String) -> String {
                guard let index = names.firstIndex(of: name), index < fields.count else { return "" }
                return fields[index].trimmingCharacters(in: .whitespaces)
            }
            do {
                guard let kind = FamilyLink.Kind(rawValue: field("kind")) else {
                    throw RowProblem(line: line, message: "kind must be guardian or relative (got \"\(field("kind"))\")")
                }
                let person: IdentityNumber, relative: IdentityNumber
                do { person = try IdentityNumber(typeName: field("person_type"), number: field("person_number")) } catch {
                    throw RowProblem(line: line, message: "person: \(error.description)")
                }
                do { relative = try IdentityNumber(typeName: field("relative_type"), number: field("relative_number")) } catch {
                    throw RowProblem(line: line, message: "relative: \(error.description)")
                }
                var birth: DateComponents?
                let birthText = field("child_birth_date")
                if !birthText.isEmpty {
                    let parts = birthText.split(separator: "-").compactMap { Int($0) }
                    guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else {
                        throw RowProblem(line: line, message: "child_birth_date must be YYYY-MM-DD (got \"\(birthText)\")")
                    }
                    birth = DateComponents(year: parts[0], month: parts[1], day: parts[2])
                }
                let household = field("household")
                guard !household.isEmpty else { throw RowProblem(line: line, message: "household (the register number) is empty") }
                let link = NewFamilyLink(kind: kind, person: person, personName: field("person_name").nilIfEmpty, relative: relative,
                                         relativeName: field("relative_name").nilIfEmpty, relationship: field("relationship"),
                                         evidence: "户口簿 household register \(household)", childBirthDate: birth)
                do { _ = try FamilyRegistry.validate(link, now: now) } catch { throw RowProblem(line: line, message: error.description) }
                let key = [kind.rawValue] + [person.description, relative.description].sorted()
                if let first = seen[key.joined(separator: "|")] {
                    throw RowProblem(line: line, message: "the same link as line \(first)")
                }
                seen[key.joined(separator: "|")] = line
                links.append((line: line, link: link))
            } catch let problem as RowProblem {
                problems.append(problem)
            } catch {
                problems.append(RowProblem(line: line, message: "\(error)"))
            }
        }
        if !problems.isEmpty { throw Problems(rows: problems) }
        return links
    }

    /// Imports every row in one transaction (run by the caller): a row the database refuses
    /// (already linked, an unknown person without a name) fails the whole import, named by line.
    public static func run(_ rows: [(line: Int, link: NewFamilyLink)], file: String, now: Date, identities: IdentityProtector,
                           chain: AuditChain, on db: any Database) async throws -> [FamilyLink] {
        let creator = FamilyLinkCreator(actorKind: .system, id: nil, name: "household registry import (\(file))", role: nil)
        var made: [FamilyLink] = []
        var problems: [RowProblem] = []
        for (line, link) in rows {
            do {
                made.append(try await FamilyRegistry.create(link, by: creator, now: now, identities: identities, chain: chain, on: db))
            } catch let refusal as FamilyLinkRefusal {
                problems.append(RowProblem(line: line, message: refusal.description))
            }
        }
        if !problems.isEmpty { throw Problems(rows: problems) }
        return made
    }

    /// RFC 4180 records with the line each starts on.
    static func csvRecords(_ text: String) -> [(Int, [String])] {
        var records: [(Int, [String])] = []
        var fields: [String] = [], field = "", quoted = false, line = 1, start = 1, justClosedQuote = false
        var chars = Array(text)
        if chars.last != "\n" { chars.append("\n") }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false; justClosedQuote = true }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty && !justClosedQuote {
                quoted = true
            } else if c == "," {
                fields.append(field); field = ""; justClosedQuote = false
            } else if c == "\n" || c == "\r\n" {
                fields.append(field); field = ""; justClosedQuote = false
                records.append((start, fields)); fields = []
                line += 1; start = line
            } else if c != "\r" {
                field.append(c)
            }
            i += 1
        }
        return records
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
