"""The Discord adapter: a discord.py client whose slash commands are built from the command registry.

It decides nothing itself. For each interaction it builds a `CommandContext` (who, where, admin or
not), calls `commands.dispatch.dispatch`, renders the `Reply` with `discord_render` and answers.

- One app command per registry entry; two-word names ("sources add") become a group with
  subcommands. Option types, choices, length and value bounds, and autocomplete (events,
  governments, long choice lists, via `commands.autocomplete.suggest`) come from the `Option`s.
- Admin commands carry `default_permissions(manage_guild=True)` so Discord hides them from members,
  and are checked again here at run time (a server can override the default in its settings).
- Commands flagged `defer` acknowledge at once ("thinking…") and answer with follow-ups; others
  answer directly, deferring only if the handler has not finished after `DEFER_AFTER` seconds,
  so Discord's 3-second deadline is never missed.
- `AllowedMentions.none()` is the client default and is passed on every send.
- Commands sync to `DISCORD_GUILD_ID` when set (instant), else globally.

Import this module lazily (it imports discord.py).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import re
import secrets
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Optional

import discord
import yarl
from discord import app_commands

from bot.platforms import discord_render
from commands.context import CommandContext
from commands.registry import CommandSpec, Option
from commands.reply import Reply

log = logging.getLogger(__name__)

DEFER_AFTER = 2.0  # seconds; Discord wants the first answer within 3
Dispatcher = Callable[[CommandContext, str, dict[str, Any]], Awaitable[Reply]]
_NAME_OK = re.compile(r"^[-_a-z0-9]{1,32}$")


def configure_endpoints(api_base: str | None = None, gateway_url: str | None = None) -> None:
    """Redirect discord.py to another REST base / gateway (a self-hosted gateway or a test fake).

    Both are class attributes of the library: set them before the client logs in.
    """
    if api_base:
        discord.http.Route.BASE = api_base.rstrip("/")
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


def default_dispatcher() -> Dispatcher:
    from commands.dispatch import dispatch

    return dispatch


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split()) or "…"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _option_name(name: str) -> str:
    cleaned = re.sub(r"[^-_a-z0-9]", "_", name.lower())[:32]
    if not _NAME_OK.match(cleaned):
        raise ValueError(f"option name {name!r} cannot be a Discord option name")
    return cleaned


def _annotation(option: Option) -> Any:
    """The Python type discord.py turns into the Discord option type (and its bounds)."""
    if option.type in ("integer", "number"):
        base: type = int if option.type == "integer" else float
        lo, hi = option.min_value, option.max_value
        if lo is None and hi is None:
            return base
        cast = int if base is int else float
        return app_commands.Range[base, cast(lo) if lo is not None else None, cast(hi) if hi is not None else None]  # type: ignore[valid-type]
    return app_commands.Range[str, 1, max(1, min(option.max_length, 6000))]  # type: ignore[valid-type]


class ReadoutDiscordBot(discord.Client):
    """The bot. `dispatcher` and `specs` default to the real command layer; tests may pass their own."""

    def __init__(
        self,
        store: Any,
        *,
        guild_id: int | None = None,
        specs: Mapping[str, CommandSpec] | None = None,
        dispatcher: Dispatcher | None = None,
        guild_ready_timeout: float = 2.0,
        sync_commands: bool = True,
    ) -> None:
        super().__init__(
            intents=discord.Intents(guilds=True),
            allowed_mentions=discord.AllowedMentions.none(),
            max_ratelimit_timeout=30.0,
            guild_ready_timeout=guild_ready_timeout,
        )
        if specs is None:
            from commands.all import load_commands

            specs = load_commands()
        self.store = store
        self.guild_id = guild_id
        self.specs = dict(specs)
        self.dispatcher = dispatcher or default_dispatcher()
        self.sync_commands = sync_commands
        self.logged_in = asyncio.Event()
        self.connected = asyncio.Event()
        self.tree = app_commands.CommandTree(self)
        self.tree.on_error = self._on_tree_error  # type: ignore[method-assign]
        build_tree(self.tree, self.specs, run=self.run_command, autocomplete=self.autocomplete)

    # --- lifecycle ------------------------------------------------------------------------------

    async def setup_hook(self) -> None:
        """Runs after login, before the gateway connects: sync the command tree."""
        self.logged_in.set()
        if not self.sync_commands:
            return
        try:
            if self.guild_id:
                guild = discord.Object(id=self.guild_id)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
                log.info("Discord: synced %d commands to guild %s", len(synced), self.guild_id)
            else:
                synced = await self.tree.sync()
                log.info("Discord: synced %d global commands (they can take up to an hour to appear)", len(synced))
        except discord.HTTPException as exc:
            log.error(
                "Discord: could not sync slash commands (%s %s). Was the bot invited with the "
                "applications.commands scope?", exc.status, exc.text
            )

    async def on_connect(self) -> None:
        self.connected.set()

    async def on_disconnect(self) -> None:
        self.connected.clear()

    async def on_ready(self) -> None:
        log.info("Discord: connected as %s in %d server(s)", self.user, len(self.guilds))

    # --- commands -------------------------------------------------------------------------------

    def context(self, interaction: discord.Interaction) -> CommandContext:
        return CommandContext(
            store=self.store,
            platform="discord",
            user_id=str(interaction.user.id) if interaction.user else None,
            channel_id=str(interaction.channel_id) if interaction.channel_id else None,
            workspace_id=str(interaction.guild_id) if interaction.guild_id else None,
            is_admin=is_admin(interaction),
        )

    async def run_command(self, interaction: discord.Interaction, spec: CommandSpec, args: dict[str, Any]) -> None:
        ctx = self.context(interaction)
        if spec.admin and not ctx.is_admin:  # checked here as well as by Discord's default permissions
            await self.answer(interaction, Reply.error(
                f"/{spec.name} is for server admins (Manage Server permission).", title="Admins only"
            ))
            return
        task = asyncio.ensure_future(self.dispatcher(ctx, spec.name, args))
        if spec.defer:
            await interaction.response.defer(thinking=True)
        else:
            done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
            if not done:
                await interaction.response.defer(thinking=True)
        await self.answer(interaction, await task)

    async def answer(self, interaction: discord.Interaction, reply: Reply) -> None:
        """Send the rendered reply: the interaction response, then follow-ups for further parts.

        After a public "thinking…" defer, an ephemeral reply (an error) replaces the placeholder
        with a private follow-up, so errors stay visible only to the person who asked.
        """
        messages = discord_render.render(reply)
        ephemeral = reply.ephemeral
        none = discord.AllowedMentions.none()
        if interaction.response.is_done() and ephemeral:
            try:
                await interaction.delete_original_response()
            except discord.HTTPException:
                pass
        for index, message in enumerate(messages):
            embeds = [discord.Embed.from_dict(e) for e in message["embeds"]]
            if index == 0 and not interaction.response.is_done():
                await interaction.response.send_message(embeds=embeds, ephemeral=ephemeral, allowed_mentions=none)
            else:
                await interaction.followup.send(embeds=embeds, ephemeral=ephemeral, allowed_mentions=none, wait=True)

    async def autocomplete(self, interaction: discord.Interaction, option: Option, current: str) -> list[app_commands.Choice[str]]:
        from commands.autocomplete import suggest

        suggestions = await suggest(self.context(interaction), option, current)
        return [app_commands.Choice(name=_short(s.label), value=s.value[:100]) for s in suggestions[:25]]

    async def _on_tree_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        ref = secrets.token_hex(3)
        name = interaction.command.qualified_name if interaction.command else "?"
        log.error("Discord: /%s failed (ref %s): %s", name, ref, error, exc_info=error)
        reply = Reply.error(f"Something went wrong running /{name}. Please try again (ref {ref}).")
        try:
            await self.answer(interaction, reply)
        except discord.HTTPException:
            log.warning("Discord: could not report error ref %s to the user", ref)


def is_admin(interaction: discord.Interaction) -> bool:
    """Manage Server (or Administrator) in a server; never in DMs."""
    if interaction.guild_id is None:
        return False
    perms = interaction.permissions
    return bool(perms.manage_guild or perms.administrator)


# --- building the command tree from the registry -----------------------------------------------

Runner = Callable[[discord.Interaction, CommandSpec, dict[str, Any]], Awaitable[None]]
Completer = Callable[[discord.Interaction, Option, str], Awaitable[list[app_commands.Choice[str]]]]


def build_tree(tree: app_commands.CommandTree, specs: Mapping[str, CommandSpec], *, run: Runner, autocomplete: Completer) -> None:
    """Add one app command per spec to `tree` (groups for two-word names)."""
    groups: dict[str, app_commands.Group] = {}
    members: dict[str, list[CommandSpec]] = {}
    for spec in specs.values():
        words = spec.name.split()
        if len(words) > 2:
            log.warning("command %r has more than two words; Discord supports one group level", spec.name)
            continue
        command = make_command(spec, run=run, autocomplete=autocomplete)
        if len(words) == 1:
            if spec.admin:
                command.default_permissions = discord.Permissions(manage_guild=True)
            tree.add_command(command)
            continue
        group = groups.get(words[0])
        if group is None:
            group = app_commands.Group(name=words[0], description=_short(f"/{words[0]} commands"))
            groups[words[0]] = group
            members[words[0]] = []
        group.add_command(command)
        members[words[0]].append(spec)
    for name, group in groups.items():
        specs_in = members[name]
        if all(s.admin for s in specs_in):
            group.default_permissions = discord.Permissions(manage_guild=True)
            group.description = _short(f"Admin: {', '.join(s.name.split()[1] for s in specs_in)}")
        else:
            group.description = _short(f"{', '.join(s.name.split()[1] for s in specs_in)}")
        tree.add_command(group)


def make_command(spec: CommandSpec, *, run: Runner, autocomplete: Completer) -> app_commands.Command:
    """An app command whose callback signature is synthesised from the spec's options.

    discord.py reads option names, types and defaults from the callback's signature, so we build one
    (`__signature__`) and attach descriptions, renames, choices and autocompleters the way its
    decorators do.
    """
    params = [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction)]
    renames: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    choices: dict[str, list[app_commands.Choice[str]]] = {}
    completers: dict[str, Any] = {}
    for option in spec.options:
        ident = _option_name(option.name).replace("-", "_")
        if not ident.isidentifier():
            ident = "o_" + ident
        renames[ident] = _option_name(option.name)
        descriptions[ident] = _short(option.description)
        annotation = _annotation(option)
        default: Any = inspect.Parameter.empty
        if not option.required:
            annotation, default = Optional[annotation], None  # noqa: UP007 (discord.py reads typing.Optional)
        params.append(inspect.Parameter(ident, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default))
        if option.type == "choice" and 0 < len(option.choices) <= 25:
            choices[ident] = [app_commands.Choice(name=_short(c), value=c) for c in option.choices]
        elif option.type in ("event", "government", "governments", "choice"):
            completers[ident] = _completer(option, autocomplete)

    async def callback(interaction: discord.Interaction, **kwargs: Any) -> None:
        args = {renames.get(k, k): v for k, v in kwargs.items() if v is not None}
        # Registry names may use "_" or "-"; hand the handler the registry's own spelling.
        by_discord = {_option_name(o.name): o.name for o in spec.options}
        await run(interaction, spec, {by_discord.get(k, k): v for k, v in args.items()})

    callback.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    callback.__doc__ = None
    callback.__discord_app_commands_param_description__ = descriptions  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_rename__ = {k: v for k, v in renames.items() if k != v}  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_choices__ = choices  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_autocomplete__ = completers  # type: ignore[attr-defined]
    callback.__name__ = callback.__qualname__ = "cmd_" + re.sub(r"\W", "_", spec.name)
    return app_commands.Command(name=spec.name.split()[-1], description=_short(spec.description), callback=callback)


def _completer(option: Option, autocomplete: Completer) -> Callable[[discord.Interaction, str], Awaitable[list[app_commands.Choice[str]]]]:
    async def complete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await autocomplete(interaction, option, current)

    return complete
