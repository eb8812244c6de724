import Testing

@Test func placeholderSCIM() {}
