"""Settings for the support agent, read from the environment."""
import os

MODEL = os.getenv("SUPPORT_MODEL", "claude-sonnet-4-5")
CLASSIFIER_MODEL = os.getenv("CLASSIFIER_MODEL", "gpt-4o")
MAX_STEPS = 8
RETRIEVAL_K = 20
