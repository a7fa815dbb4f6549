// lakewire's Event Grid custom topic for its outcome events (Lakewire.WorkspaceOnboarded,
// Lakewire.OnboardingFailed, Lakewire.WorkspaceOffboarded; README "Events lakewire publishes").
// CloudEvents 1.0 input schema; local auth (access keys, SAS) disabled, so only Microsoft Entra ID
// principals with "EventGrid Data Sender" publish: lakewire's identity, and nobody else here.
// Subscribers add their own event subscriptions to this topic.
param name string
param location string
param tags object
param lakewirePrincipalId string

resource topic 'Microsoft.EventGrid/topics@2022-06-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

var facts = loadJsonContent('../facts.json') // the facts lakewire's code reads too
var dataSender = facts.builtInRoles['EventGrid Data Sender']

resource lakewireSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, lakewirePrincipalId, dataSender)
  scope: topic
  properties: {
    principalId: lakewirePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSender)
    description: 'lakewire: publish its outcome events (CloudEvents) to this topic'
  }
}

output id string = topic.id
output name string = topic.name
// https://<name>.<region>-1.eventgrid.azure.net/api/events: LAKEWIRE_EVENTS_TOPIC_ENDPOINT
output endpoint string = topic.properties.endpoint
