// Placeholder until the Crypto module lands.
