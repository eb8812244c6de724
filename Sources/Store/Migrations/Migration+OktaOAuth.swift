extension Migration {
    /// OAuth 2.0 service-app credentials for the Okta pull (issue 9).
    ///
    /// A service app row keeps `token_source = 'file'` with `token_reference` = the path of the
    /// PEM private key, plus the client id and optional key id. The key itself is never stored
    /// (design.md "Secrets only by env var or file"). Columns rather than a new table, so a
    /// connection has exactly one credential.
    static let oktaOAuth = Migration(
        identifier: "0007-okta-oauth",
        sql: """
            ALTER TABLE okta_pull_settings ADD COLUMN oauth_client_id TEXT;
            ALTER TABLE okta_pull_settings ADD COLUMN oauth_key_id TEXT;
            """)
}
