# mentions
