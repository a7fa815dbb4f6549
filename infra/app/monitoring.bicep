// Application Insights (workspace-based, local auth disabled: telemetry needs an Entra token)
// and the role that lets lakewire's identity send it.
param name string
param location string
param tags object
param logAnalyticsWorkspaceId string

@description('Principal id of the identity that publishes telemetry (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).')
param publisherPrincipalId string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: name
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalyticsWorkspaceId
    DisableLocalAuth: true
  }
}

var facts = loadJsonContent('../facts.json') // the facts lakewire's code reads too
var monitoringMetricsPublisher = facts.builtInRoles['Monitoring Metrics Publisher']

resource publisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, publisherPrincipalId, monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    principalId: publisherPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    description: 'lakewire: send telemetry with Entra ID'
  }
}

output name string = applicationInsights.name
output resourceId string = applicationInsights.id
