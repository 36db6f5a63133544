"""What every editor needs: the services, who is editing, and the reads around a record."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from liaison_app.services.actor import Actor
from liaison_app.services.context import AppServices
from liaison_app.services.related import RelatedService


@dataclass
class FormContext:
    services: AppServices
    actor: Actor
    related: RelatedService = field(init=False)

    def __post_init__(self) -> None:
        self.related = RelatedService(self.services.store)

    def today(self) -> date:
        """Today by the services' clock (tests fix it), in local terms a date."""
        return self.services.clock.now().date()
