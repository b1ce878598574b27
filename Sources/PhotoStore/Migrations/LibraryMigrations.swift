import FluentKit

/// The library's schema, in order. Append new migrations; never edit a shipped one.
public enum LibraryMigrations {
    public static let all: [any Migration] = [
        CreateSites(),
        CreateDevices(),
        CreateStaff(),
        CreatePersons(),
        CreateCaptures(),
        CreateCaptureLogs(),
        CreateOutboxEntries(),
        CreateCitizenSessions(),
        CreateAuditRecords(),
        CreateDepartmentsAndMatters(),
        CreateGrants(),
        CreateDepartmentCredentials(),
        AddSecondaryIndexes(),
        CreateFamilyLinks(),
        CreateAuditSpoolMarks(),
    ]
}
