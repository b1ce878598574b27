import Fluent
import Foundation
import PhotoStore
import Vapor

/// `photoonce family import`: household-registry rows to family links, all or nothing.
public enum FamilyImport {
    /// Checks every row, then imports all in one transaction; throws
    /// `HouseholdRegistryImport.Problems` (every bad row by line) and writes nothing otherwise.
    public static func run(_ app: Application, csv: String, file: String, dryRun: Bool) async throws -> (links: Int, pending: Int) {
        let now = Date()
        let rows = try HouseholdRegistryImport.parse(csv, now: now)
        let library = app.library, chain = app.auditChain
        return try await library.transaction(on: app.db) { db in
            let links = try await HouseholdRegistryImport.run(rows, file: file, now: now, identities: library.identities, chain: chain, on: db)
            // A dry run checks against the database too, then rolls everything back.
            if dryRun { throw DryRun(links: links.count, pending: links.filter { $0.status == .pending }.count) }
            return (links: links.count, pending: links.filter { $0.status == .pending }.count)
        }
    }

    public struct DryRun: Error {
        public var links: Int
        public var pending: Int
    }
}
