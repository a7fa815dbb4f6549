// The Service Bus namespace and its queues: one per onboarding and offboarding step, the reprocess queue and the
// parked queue (permanently failed steps). Standard tier: duplicate detection needs it.
// Entra ID only (disableLocalAuth): no SAS keys exist to leak.
param name string
param location string
param tags object

@description('Principal id of lakewire\'s identity: it receives (triggers) and sends (next step, re-checks).')
param principalId string

// The queues of ../facts.json (setting → name): the code's defaults (dev.lakewire.onboarding.message.Queues
// reads the same file); app/function.bicep sets the LAKEWIRE_QUEUE_* settings to them.
var facts = loadJsonContent('../facts.json') // the facts lakewire's code reads too
var queueNames = map(items(facts.queues), q => q.value)

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource queues 'Microsoft.ServiceBus/namespaces/queues@2022-10-01-preview' = [
  for queueName in queueNames: {
    parent: namespace
    name: queueName
    properties: {
      // A step that throws is redelivered until this count, then dead-lettered.
      maxDeliveryCount: 10
      // host.json renews the lock (maxAutoLockRenewalDuration 00:05:00).
      lockDuration: 'PT1M'
      // Step messages carry a deterministic MessageId: a re-sent step within the window is dropped.
      // (Immutable: changing it means recreating the queue.)
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: 'PT10M'
      deadLetteringOnMessageExpiration: true
      defaultMessageTimeToLive: 'P14D'
      requiresSession: false
      enablePartitioning: false
    }
  }
]

var serviceBusRoles = [
  facts.builtInRoles['Azure Service Bus Data Sender']
  facts.builtInRoles['Azure Service Bus Data Receiver']
]

resource serviceBusRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleGuid in serviceBusRoles: {
    name: guid(namespace.id, principalId, roleGuid)
    scope: namespace
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleGuid)
      description: 'lakewire: step queues (trigger and sender)'
    }
  }
]

output name string = namespace.name
output resourceId string = namespace.id
// serviceBusEndpoint is https://<name>.servicebus.windows.net:443/ (or a sovereign cloud's suffix).
output fullyQualifiedNamespace string = replace(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':443/', '')
