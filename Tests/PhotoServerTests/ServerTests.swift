import Testing

/// Every server suite runs inside this one, one test at a time: they share the PostgreSQL
/// database when DATABASE_URL is set, and each ingest keeps both cores busy.
@Suite(.serialized) struct ServerTests {}
