"""Review and due process: people and roles, decisions and approvals, evidence, appeals."""
