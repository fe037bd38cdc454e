"""Platform adapters: Discord, Slack and the console. Each only adapts input and output.

An adapter turns what its platform delivers into `commands.dispatch.dispatch(ctx, name, args)` (or
`run_text(ctx, text)` for typed lines), and renders the returned `Reply` within its platform's limits,
using `commands.markup.render` for the prose fields. None of them decides anything itself.
"""
