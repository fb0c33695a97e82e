"""The onboarding flow's ties to the running application: dependencies, hooks, background work."""
