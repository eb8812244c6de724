import Testing

@Test func placeholderAgentTests() {}
