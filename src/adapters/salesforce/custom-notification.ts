import { HandoffError } from '../../domain/errors.js';
import type { SalesforceGateway } from './gateway.js';
import { soqlString } from './soql.js';

export interface CustomNotification {
  recipientIds: string[];
  title: string;
  body: string;
  /** The record the notification opens. */
  targetId: string;
}

interface ActionResult {
  isSuccess?: boolean;
  errors?: { statusCode?: string; message?: string }[] | null;
}

/**
 * Salesforce custom notifications ("Custom Notification Actions", REST API Developer Guide):
 * POST /actions/standard/customNotificationAction with the Id of the CustomNotificationType the
 * admin named (looked up once by DeveloperName). The integration user needs "Send Custom
 * Notifications". Title and body are cut to Salesforce's 250 and 750 characters.
 */
export class CustomNotifications {
  private typeId: Promise<string> | null = null;

  constructor(
    private readonly gateway: () => Promise<SalesforceGateway>,
    private readonly typeName: string,
  ) {}

  async send(n: CustomNotification): Promise<void> {
    const gw = await this.gateway();
    const typeId = await this.notificationTypeId(gw);
    const body = {
      inputs: [{ customNotifTypeId: typeId, recipientIds: n.recipientIds, title: n.title.slice(0, 250), body: n.body.slice(0, 750), targetId: n.targetId }],
    };
    const res = await gw.call('composite', (c) =>
      c.requestPost<ActionResult[]>(`/services/data/v${c.version}/actions/standard/customNotificationAction`, body),
    );
    const first = res[0];
    if (first?.isSuccess !== true) {
      const code = first?.errors?.[0]?.statusCode ?? 'UNKNOWN_EXCEPTION';
      throw new HandoffError('VALIDATION', `custom notification refused: ${code}`, { system: 'salesforce', vendorCode: code });
    }
  }

  private notificationTypeId(gw: SalesforceGateway): Promise<string> {
    this.typeId ??= gw
      .query<{ Id: string }>(`SELECT Id FROM CustomNotificationType WHERE DeveloperName = ${soqlString(this.typeName)}`)
      .then((rows) => {
        const id = rows[0]?.Id;
        if (id === undefined) throw new HandoffError('CONFIG_INVALID', `notify.salesforce.notificationType: no CustomNotificationType with DeveloperName ${this.typeName}`, { system: 'config' });
        return id;
      })
      .catch((err: unknown) => {
        this.typeId = null;
        throw err;
      });
    return this.typeId;
  }
}
