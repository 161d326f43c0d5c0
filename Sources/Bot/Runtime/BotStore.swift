import Analytics
import Economy
import Gacha
import OwnerAlerts
import Packs
import Premium
import Talk

/// Every area's store contract the bot's features need, in one existential. A database's store
/// conforms to each; a new area adds its protocol here.
public typealias BotStore = GachaStore & PacksStore & PremiumStore & TalkStore & EconomyStore & AnalyticsStore & OwnerAlertsStore
