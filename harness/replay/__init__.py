"""The replay model: an OpenAI- and Anthropic-compatible endpoint that plays each task's oracle, so any
client's wiring can be checked with no key (``clawsim replay-model``)."""

from harness.replay.app import create_app
from harness.replay.model import SIDE_ANSWER, Conversation, Mutation, OfferedTool, ReplayModel, pick_tool

__all__ = ["SIDE_ANSWER", "Conversation", "Mutation", "OfferedTool", "ReplayModel", "create_app", "pick_tool"]
