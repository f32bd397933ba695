"""The calendar service: the user's calendars, events, invitations and free time as an MCP server."""

from __future__ import annotations

from mcp.server import MCPServer

from servers._base import ServiceState, service_server
from servers.calendar import reading, writing
from servers.calendar._args import tool
from state.world import World

INSTRUCTIONS = (
    "The user's calendars: events (one-off and recurring), invitations and answers, free time. Times are "
    "ISO 8601 with a UTC offset, e.g. 2026-03-02T09:30:00+01:00, shown in the user's timezone. Event ids "
    "look like 'evt_12', calendar ids like 'cal_1'. A recurring event is one series; list_events shows "
    "each occurrence with its series_id and instance_start, which name that occurrence to update_event, "
    "cancel_event and get_event. Invitations and answers are sent by mail from the user's account."
)

tool.set_order(
    [
        "list_calendars",
        "list_events",
        "search_events",
        "get_event",
        "list_calendar_invitations",
        "find_free_time",
        "create_event",
        "update_event",
        "cancel_event",
        "respond_to_invitation",
        "create_calendar",
    ]
)

__all__ = ["INSTRUCTIONS", "create_server", "reading", "tool", "writing"]


def create_server(world: World) -> MCPServer[ServiceState]:
    """The calendar MCP server over ``world``."""
    return service_server("calendar", world, INSTRUCTIONS, tool)
