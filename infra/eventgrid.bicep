// Second deployment stage, run by the azd postdeploy hook (hooks/postdeploy.sh|ps1) once the
// function exists: the Event Grid system topic of this Azure subscription
// (Microsoft.Resources.Subscriptions) and its subscription to onWorkspaceEvent.
//
//   az deployment sub create --location <region> --template-file infra/eventgrid.bicep \
//     --parameters resourceGroupName=... functionAppResourceId=... ...
//
// To onboard workspaces of another subscription, deploy this file again with
// `--subscription <other>` and a resource group there (docs/deploy.md).
targetScope = 'subscription'

@description('Existing resource group (in this subscription) for the system topic.')
param resourceGroupName string

@description('System topic name. An Azure subscription can have only one system topic: pass the existing one\'s name (and its resource group) if there is one.')
param systemTopicName string

@description('ARM id of the lakewire Function App.')
param functionAppResourceId string

@description('The function Event Grid delivers to (an eventGridTrigger function of the app).')
param functionName string = 'onWorkspaceEvent'

@description('ARM id of the user-assigned identity the topic dead-letters with.')
param eventGridIdentityResourceId string

@description('ARM id of the storage account with the dead-letter container.')
param deadLetterStorageAccountId string

param deadLetterContainerName string = 'eventgrid-deadletter'

param tags object = {}

module topic 'app/eventgrid-subscription.bicep' = {
  name: 'lakewire-eventgrid'
  scope: resourceGroup(resourceGroupName)
  params: {
    systemTopicName: systemTopicName
    sourceSubscriptionId: subscription().id
    functionEndpointResourceId: '${functionAppResourceId}/functions/${functionName}'
    eventGridIdentityResourceId: eventGridIdentityResourceId
    deadLetterStorageAccountId: deadLetterStorageAccountId
    deadLetterContainerName: deadLetterContainerName
    tags: tags
  }
}

output EVENTGRID_SYSTEM_TOPIC_ID string = topic.outputs.systemTopicId
output EVENTGRID_SUBSCRIPTION_NAME string = topic.outputs.eventSubscriptionName
