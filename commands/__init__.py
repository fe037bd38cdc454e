"""Platform-neutral slash commands: parse arguments -> query the store -> a `Reply`.

Discord, Slack and the console all call `commands.dispatch`; none of them decides anything itself.
"""
