// Placeholder until the SCIM module lands.
