"""The TLV flow (workflows/tlv/flow.py) node for node in plain viewflow: the same human tasks, Function nodes,
Split/Join and If gateways and the same lock, but no route record, history, work items, deadlines,
notifications or audit. Gateways read the process data instead of a route record; Function nodes do nothing.
"""

from viewflow import this
from viewflow.workflow import flow, lock


def _never_shown(request, **kwargs):  # pragma: no cover - the peer completes tasks through the activation API
    raise NotImplementedError


def human():
    return flow.View(_never_shown)


class BareTlvFlow(flow.Flow):
    lock_impl = lock.SelectForUpdateLock(nowait=False, attempts=3)

    start = flow.StartHandle(this.start_process).Next(this.indienen)
    indienen = human().Next(this.volledigheidstoets)
    volledigheidstoets = human().Next(this.is_volledig)
    is_volledig = flow.If(this.dossier_volledig).Then(this.start_advies).Else(this.herstel)
    herstel = human().Next(this.volledigheidstoets)
    start_advies = flow.Function(this.noop).Next(this.split_advies)
    split_advies = flow.Split().Always(this.deskundigenadvies_1).Always(this.deskundigenadvies_2)
    deskundigenadvies_1 = human().Next(this.join_advies)
    deskundigenadvies_2 = human().Next(this.join_advies)
    join_advies = flow.Join().Next(this.naar_cva)
    naar_cva = flow.Function(this.noop).Next(this.is_bto)
    is_bto = flow.If(this.bto_mode).Then(this.split_bto).Else(this.cva_advies)
    split_bto = flow.Split().Always(this.bto_review_1).Always(this.bto_review_2)
    bto_review_1 = human().Next(this.join_bto)
    bto_review_2 = human().Next(this.join_bto)
    join_bto = flow.Join().Next(this.cva_advies)
    cva_advies = human().Next(this.vraagt_informatie)
    vraagt_informatie = flow.If(this.meer_informatie_nodig).Then(this.cva_aanvulling).Else(this.besluit)
    cva_aanvulling = human().Next(this.cva_advies)
    besluit = human().Next(this.end)
    end = flow.End()

    def start_process(self, activation, **data):
        activation.process.data = data
        return activation.process

    def dossier_volledig(self, activation):
        return activation.process.data.get("volledig", True)

    def bto_mode(self, activation):
        return activation.process.data.get("bto", False)

    def meer_informatie_nodig(self, activation):
        return activation.process.data.get("meer_informatie", False)

    def noop(self, activation):
        return None
